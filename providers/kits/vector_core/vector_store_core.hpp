#pragma once
// The vector store core both vector_io providers share: the stores'
// records (persisted), chunks and their metadata, keyword search (SQLite
// FTS5), vector search through the provider's index, hybrid ranking, filters,
// score thresholds, and the embeddings of chunks and queries computed by the
// inference router with the store's embedding model. A provider supplies
// only its VectorIndex (an IndexFactory).
#include "providers/kits/vector_core/chunk_store.hpp"
#include "providers/kits/vector_core/file_store.hpp"
#include "providers/kits/vector_core/ranking.hpp"
#include "providers/kits/vector_core/vector_index.hpp"

#include <llama_stack/apis/inference.hpp>
#include <llama_stack/apis/vector_io.hpp>
#include <llama_stack/id_minter.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace llama_stack::vector {

class VectorStoreCore : public VectorIoProvider {
 public:
  // Opens (creating) the SQLite store at `db_path` and restores every
  // store's index from it.
  VectorStoreCore(std::string provider_id, const std::filesystem::path& db_path,
                  IndexFactory index_factory, InferenceApi& inference, IdMinter& ids);
  ~VectorStoreCore() override;

  std::vector<boost::json::object> list_vector_stores() override;
  boost::json::object create_vector_store(const RequestContext& context, const boost::json::object& params) override;
  boost::json::object retrieve_vector_store(const RequestContext& context, const std::string& vector_store_id) override;
  boost::json::object update_vector_store(const RequestContext& context, const std::string& vector_store_id,
                                          const boost::json::object& params) override;
  boost::json::object delete_vector_store(const RequestContext& context, const std::string& vector_store_id) override;
  boost::json::object search_vector_store(const RequestContext& context, const std::string& vector_store_id,
                                          const boost::json::object& params) override;
  void insert_chunks(const RequestContext& context, const boost::json::object& params) override;
  boost::json::object query_chunks(const RequestContext& context, const boost::json::object& params) override;

  // Files and file batches (store_files.cpp). Attaching is synchronous: the
  // answer's status is "completed" or "failed", never "in_progress".
  boost::json::object attach_file(const RequestContext& context, const std::string& vector_store_id,
                                  const VectorStoreFileInput& file, const boost::json::object& params) override;
  boost::json::object list_files(const RequestContext& context, const std::string& vector_store_id,
                                 const VectorStoreFileQuery& query) override;
  boost::json::object retrieve_file(const RequestContext& context, const std::string& vector_store_id,
                                    const std::string& file_id) override;
  boost::json::object file_contents(const RequestContext& context, const std::string& vector_store_id,
                                    const std::string& file_id) override;
  boost::json::object update_file(const RequestContext& context, const std::string& vector_store_id,
                                  const std::string& file_id, const boost::json::object& params) override;
  boost::json::object delete_file(const RequestContext& context, const std::string& vector_store_id,
                                  const std::string& file_id) override;
  boost::json::object create_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                        const std::vector<VectorStoreFileInput>& files,
                                        const boost::json::object& params) override;
  boost::json::object retrieve_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                          const std::string& batch_id) override;
  boost::json::object list_file_batch_files(const RequestContext& context, const std::string& vector_store_id,
                                            const std::string& batch_id, const VectorStoreFileQuery& query) override;
  boost::json::object cancel_file_batch(const RequestContext& context, const std::string& vector_store_id,
                                        const std::string& batch_id) override;

 private:
  struct Store {
    StoreRow row;
    std::unique_ptr<VectorIndex> index;
  };
  enum class Mode { vector, keyword, hybrid };
  struct Hit {
    ChunkRow chunk;
    double score;
  };

  // A store's record and chunk count, read under the lock: the embedding
  // model is called without it, so that a slow model holds up no other store.
  struct Snapshot {
    StoreRow row;
    std::size_t chunks;
  };

  Store& store(const std::string& id);
  Snapshot snapshot(const std::string& id);
  // Asked of the inference router with the context of the request being
  // served: the embedding model's provider may need a key from it.
  std::vector<std::vector<float>> embed(const RequestContext& context, const StoreRow& row,
                                        const std::vector<std::string>& texts);
  // The query's embedding; empty for keyword search and an empty store.
  std::vector<float> query_vector(const RequestContext& context, const std::string& id, const std::string& text,
                                  Mode mode);
  std::vector<Hit> search(Store& s, const std::vector<float>& query_vector, const std::string& text,
                          Mode mode, std::size_t limit,
                          double score_threshold, const boost::json::value* filters,
                          const Reranker& reranker);
  void touch(Store& s);
  // The attachment of `file_id`, or NotFoundError naming it and the store.
  FileRow attached(const std::string& store_id, const std::string& file_id);
  BatchRow batch_of(const std::string& store_id, const std::string& batch_id);
  // Removes the chunks made from `file` from the table and the index.
  void remove_file_chunks(Store& s, const FileRow& file);

  std::string provider_id_;
  SqliteDatabase db_;
  ChunkStore chunks_;
  FileStore files_;
  IndexFactory index_factory_;
  InferenceApi& inference_;
  IdMinter& ids_;
  std::mutex mutex_;
  std::map<std::string, Store, std::less<>> stores_;
};

}  // namespace llama_stack::vector
