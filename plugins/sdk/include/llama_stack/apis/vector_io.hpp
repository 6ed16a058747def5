#pragma once
// The vector_io API: OpenAI's vector stores (create, list, retrieve, update,
// delete, search) and the Llama Stack's older chunk insert / query.
// Parameters and results are the OpenAI / Llama Stack JSON shapes.
//
// A provider plugin writes only its index: the shared core
// (providers/kits/vector_core: the stores' metadata, chunks, keyword search,
// filters, ranking, embeddings through the inference router) implements this
// interface over a VectorIndex the plugin supplies (vector_core/vector_index.hpp).
#include <llama_stack/api.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

inline constexpr std::string_view kVectorIoApiName = "vector_io";
// The ResourceTable kind the router registers stores under.
inline constexpr std::string_view kVectorStoreKind = "vector_store";

// A file to attach, as the stack read it from the files API; `error` set
// (and no data) when it could not be read, e.g. an unknown file id: the
// attachment is then recorded with status "failed", as OpenAI reports it.
struct VectorStoreFileInput {
  std::string file_id;
  std::string filename;
  std::string content_type;
  std::string data;
  std::string error;
};

// The cursor of a list of a store's files: OpenAI's limit (1..100), order
// by created_at, after / before a file id, status filter ("" = every one).
struct VectorStoreFileQuery {
  long long limit = 20;
  bool ascending = false;
  std::string after;
  std::string before;
  std::string status;
};

class VectorIoApi : public Api {
 public:
  // params: name, embedding_model, embedding_dimension (the router fills
  // both in), provider_id, metadata, chunking_strategy, expires_after.
  // Answers the OpenAI vector store object.
  virtual boost::json::object create_vector_store(const RequestContext& context,
                                                  const boost::json::object& params) = 0;
  virtual boost::json::object retrieve_vector_store(const RequestContext& context,
                                                    const std::string& vector_store_id) = 0;
  // params: name, metadata, expires_after.
  virtual boost::json::object update_vector_store(const RequestContext& context,
                                                  const std::string& vector_store_id,
                                                  const boost::json::object& params) = 0;
  virtual boost::json::object delete_vector_store(const RequestContext& context,
                                                  const std::string& vector_store_id) = 0;
  // params: query (string or list), filters, max_num_results,
  // ranking_options {ranker, score_threshold}, search_mode.
  virtual boost::json::object search_vector_store(const RequestContext& context,
                                                  const std::string& vector_store_id,
                                                  const boost::json::object& params) = 0;
  // params: vector_db_id, chunks [{content, metadata, embedding?, chunk_id?}].
  virtual void insert_chunks(const RequestContext& context, const boost::json::object& params) = 0;
  // params: vector_db_id, query, params {max_chunks, score_threshold, mode}.
  // Answers {chunks, scores}.
  virtual boost::json::object query_chunks(const RequestContext& context,
                                           const boost::json::object& params) = 0;

  // Files attached to a store: chunked (params: attributes,
  // chunking_strategy), embedded and searchable as chunks whose attributes
  // are the file's. Answers the "vector_store.file" object.
  virtual boost::json::object attach_file(const RequestContext& context,
                                          const std::string& vector_store_id,
                                          const VectorStoreFileInput& file,
                                          const boost::json::object& params) = 0;
  virtual boost::json::object list_files(const RequestContext& context,
                                         const std::string& vector_store_id,
                                         const VectorStoreFileQuery& query) = 0;
  virtual boost::json::object retrieve_file(const RequestContext& context,
                                            const std::string& vector_store_id,
                                            const std::string& file_id) = 0;
  // {file_id, filename, attributes, content: [{type: text, text}] per chunk}.
  virtual boost::json::object file_contents(const RequestContext& context,
                                            const std::string& vector_store_id,
                                            const std::string& file_id) = 0;
  // params: attributes (replacing the file's and its chunks').
  virtual boost::json::object update_file(const RequestContext& context,
                                          const std::string& vector_store_id,
                                          const std::string& file_id,
                                          const boost::json::object& params) = 0;
  // Detaches the file and removes its chunks (the file itself stays in the
  // files API).
  virtual boost::json::object delete_file(const RequestContext& context,
                                          const std::string& vector_store_id,
                                          const std::string& file_id) = 0;
  // Attaches every file (params: attributes, chunking_strategy); answers
  // the "vector_store.file_batch" object.
  virtual boost::json::object create_file_batch(const RequestContext& context,
                                                const std::string& vector_store_id,
                                                const std::vector<VectorStoreFileInput>& files,
                                                const boost::json::object& params) = 0;
  virtual boost::json::object retrieve_file_batch(const RequestContext& context,
                                                  const std::string& vector_store_id,
                                                  const std::string& batch_id) = 0;
  virtual boost::json::object list_file_batch_files(const RequestContext& context,
                                                    const std::string& vector_store_id,
                                                    const std::string& batch_id,
                                                    const VectorStoreFileQuery& query) = 0;
  virtual boost::json::object cancel_file_batch(const RequestContext& context,
                                                const std::string& vector_store_id,
                                                const std::string& batch_id) = 0;
};

class VectorIoProvider : public Provider, public VectorIoApi {
 public:
  // The stores this provider keeps (persisted across restarts), as OpenAI
  // vector store objects; the router registers them when the stack starts.
  virtual std::vector<boost::json::object> list_vector_stores() = 0;
};

}  // namespace llama_stack
