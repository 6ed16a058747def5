#include "providers/kits/vector_core/chunk_store.hpp"
#include "providers/kits/vector_core/stored_json.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <cctype>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

// An FTS5 query matching any of the words, each quoted so that the query's
// punctuation is never read as FTS5 syntax.
std::string match_expression(const std::string& query) {
  std::string expr, word;
  auto flush = [&] {
    if (word.empty()) return;
    if (!expr.empty()) expr += " OR ";
    expr += '"' + word + '"';
    word.clear();
  };
  for (unsigned char c : query) {
    if (std::isalnum(c) || c >= 0x80) word += static_cast<char>(c);
    else flush();
  }
  flush();
  return expr;
}

}  // namespace

std::string content_text(const json::value& content) {
  if (content.is_string()) return std::string(content.as_string());
  std::string text;
  auto add = [&](const json::value& part) {
    if (part.is_string()) text += std::string(part.as_string());
    else if (part.is_object() && part.as_object().contains("text") &&
             part.as_object().at("text").is_string())
      text += std::string(part.as_object().at("text").as_string());
    else return;
    text += '\n';
  };
  if (content.is_array()) for (const auto& p : content.as_array()) add(p);
  else add(content);
  if (!text.empty()) text.pop_back();
  return text;
}

ChunkStore::ChunkStore(SqliteDatabase& db) : db_(db) {
  db_.execute(
      "CREATE TABLE IF NOT EXISTS vector_stores (id TEXT PRIMARY KEY, seq INTEGER NOT NULL,"
      " object TEXT NOT NULL, embedding_model TEXT NOT NULL, embedding_dimension INTEGER NOT NULL);"
      "CREATE TABLE IF NOT EXISTS vector_chunks (row INTEGER PRIMARY KEY, store_id TEXT NOT NULL,"
      " chunk_id TEXT NOT NULL, content TEXT NOT NULL, metadata TEXT NOT NULL,"
      " chunk_metadata TEXT NOT NULL, bytes INTEGER NOT NULL, UNIQUE (store_id, chunk_id));"
      "CREATE VIRTUAL TABLE IF NOT EXISTS vector_chunks_fts USING fts5(text);");
}

std::vector<StoreRow> ChunkStore::stores() const {
  std::vector<StoreRow> out;
  auto s = db_.prepare(
      "SELECT id, object, embedding_model, embedding_dimension FROM vector_stores ORDER BY seq");
  while (s.step())
    out.push_back({s.text(0), parse_object(s.text(1)), s.text(2), static_cast<int>(s.integer(3))});
  return out;
}

void ChunkStore::put_store(const StoreRow& store) {
  db_.prepare(
         "INSERT INTO vector_stores (id, seq, object, embedding_model, embedding_dimension)"
         " VALUES (?1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM vector_stores), ?2, ?3, ?4)"
         " ON CONFLICT (id) DO UPDATE SET object = ?2, embedding_model = ?3, embedding_dimension = ?4")
      .bind(1, store.id)
      .bind(2, json::serialize(store.object))
      .bind(3, store.embedding_model)
      .bind(4, static_cast<std::int64_t>(store.embedding_dimension))
      .run();
}

void ChunkStore::delete_store(const std::string& id) {
  db_.prepare("DELETE FROM vector_chunks_fts WHERE rowid IN (SELECT row FROM vector_chunks WHERE store_id = ?1)")
      .bind(1, id)
      .run();
  db_.prepare("DELETE FROM vector_chunks WHERE store_id = ?1").bind(1, id).run();
  db_.prepare("DELETE FROM vector_stores WHERE id = ?1").bind(1, id).run();
}

std::optional<std::int64_t> ChunkStore::find_chunk(const std::string& store_id,
                                                   const std::string& chunk_id) const {
  auto s = db_.prepare("SELECT row FROM vector_chunks WHERE store_id = ?1 AND chunk_id = ?2");
  s.bind(1, store_id).bind(2, chunk_id);
  if (!s.step()) return std::nullopt;
  return s.integer(0);
}

std::int64_t ChunkStore::add_chunk(const std::string& store_id, const ChunkRow& chunk,
                                   const std::string& text) {
  auto s = db_.prepare(
      "INSERT INTO vector_chunks (store_id, chunk_id, content, metadata, chunk_metadata, bytes)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING row");
  s.bind(1, store_id)
      .bind(2, chunk.chunk_id)
      .bind(3, json::serialize(chunk.content))
      .bind(4, json::serialize(chunk.metadata))
      .bind(5, json::serialize(chunk.chunk_metadata))
      .bind(6, static_cast<std::int64_t>(text.size()));
  s.step();
  const std::int64_t row = s.integer(0);
  s.run();
  db_.prepare("INSERT INTO vector_chunks_fts (rowid, text) VALUES (?1, ?2)").bind(1, row).bind(2, text).run();
  return row;
}

void ChunkStore::remove_chunk(std::int64_t row) {
  db_.prepare("DELETE FROM vector_chunks_fts WHERE rowid = ?1").bind(1, row).run();
  db_.prepare("DELETE FROM vector_chunks WHERE row = ?1").bind(1, row).run();
}

void ChunkStore::set_metadata(std::int64_t row, const json::object& metadata) {
  db_.prepare("UPDATE vector_chunks SET metadata = ?2 WHERE row = ?1")
      .bind(1, row)
      .bind(2, json::serialize(metadata))
      .run();
}

std::vector<ChunkRow> ChunkStore::chunks(const std::vector<std::int64_t>& rows) const {
  std::vector<ChunkRow> out;
  auto s = db_.prepare(
      "SELECT chunk_id, content, metadata, chunk_metadata FROM vector_chunks WHERE row = ?1");
  for (auto row : rows) {
    s.reset();
    s.bind(1, row);
    if (!s.step()) continue;
    out.push_back({row, s.text(0), json::parse(s.text(1)), parse_object(s.text(2)),
                   parse_object(s.text(3))});
  }
  return out;
}

std::size_t ChunkStore::count(const std::string& store_id) const {
  auto s = db_.prepare("SELECT COUNT(*) FROM vector_chunks WHERE store_id = ?1");
  s.bind(1, store_id);
  s.step();
  return static_cast<std::size_t>(s.integer(0));
}

std::int64_t ChunkStore::content_bytes(const std::string& store_id) const {
  auto s = db_.prepare("SELECT COALESCE(SUM(bytes), 0) FROM vector_chunks WHERE store_id = ?1");
  s.bind(1, store_id);
  s.step();
  return s.integer(0);
}

std::vector<std::pair<std::int64_t, double>> ChunkStore::keyword_search(
    const std::string& store_id, const std::string& query, std::size_t limit) const {
  std::vector<std::pair<std::int64_t, double>> out;
  const std::string expr = match_expression(query);
  if (expr.empty()) return out;
  auto s = db_.prepare(
      "SELECT f.rowid, bm25(vector_chunks_fts) AS rank FROM vector_chunks_fts f"
      " JOIN vector_chunks c ON c.row = f.rowid"
      " WHERE vector_chunks_fts MATCH ?1 AND c.store_id = ?2 ORDER BY rank, f.rowid LIMIT ?3");
  s.bind(1, expr).bind(2, store_id).bind(3, static_cast<std::int64_t>(limit));
  while (s.step()) out.emplace_back(s.integer(0), -s.real(1));
  return out;
}

}  // namespace llama_stack::vector
