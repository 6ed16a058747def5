#pragma once
// The core's SQLite tables in the provider's store: the vector stores'
// records, their chunks (content, metadata) and an FTS5 index over the
// chunks' text for keyword search. One connection; the caller serialises.
#include "stack/sqlite/sqlite_database.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack::vector {

struct StoreRow {
  std::string id;
  boost::json::object object;  // the OpenAI vector store object
  std::string embedding_model;
  int embedding_dimension = 0;
};

struct ChunkRow {
  std::int64_t row = 0;
  std::string chunk_id;
  boost::json::value content;  // as inserted: a string or content parts
  boost::json::object metadata;
  boost::json::object chunk_metadata;
};

class ChunkStore {
 public:
  explicit ChunkStore(SqliteDatabase& db);

  std::vector<StoreRow> stores() const;
  void put_store(const StoreRow& store);
  // Removes the store's record and chunks.
  void delete_store(const std::string& id);

  // The row of the store's chunk `chunk_id`, if any.
  std::optional<std::int64_t> find_chunk(const std::string& store_id, const std::string& chunk_id) const;
  // Inserts and answers its row; `text` is what keyword search sees.
  std::int64_t add_chunk(const std::string& store_id, const ChunkRow& chunk, const std::string& text);
  void remove_chunk(std::int64_t row);
  void set_metadata(std::int64_t row, const boost::json::object& metadata);
  std::vector<ChunkRow> chunks(const std::vector<std::int64_t>& rows) const;
  std::size_t count(const std::string& store_id) const;
  std::int64_t content_bytes(const std::string& store_id) const;
  // BM25 over the chunks' words (any of the query's words), best first;
  // score = -bm25, so higher is better.
  std::vector<std::pair<std::int64_t, double>> keyword_search(const std::string& store_id,
                                                              const std::string& query,
                                                              std::size_t limit) const;

 private:
  SqliteDatabase& db_;
};

// The text of chunk content: a string, or the text parts of a list.
std::string content_text(const boost::json::value& content);

}  // namespace llama_stack::vector
