#include "providers/kits/vector_core/file_store.hpp"
#include "providers/kits/vector_core/stored_json.hpp"

#include <boost/json.hpp>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

std::string ids_json(const std::vector<std::string>& ids) {
  json::array a;
  for (const auto& id : ids) a.emplace_back(id);
  return json::serialize(a);
}

std::vector<std::string> parse_ids(const std::string& text) {
  std::vector<std::string> out;
  json::value v = json::parse(text);
  if (v.is_array())
    for (const auto& id : v.as_array())
      if (id.is_string()) out.emplace_back(id.as_string());
  return out;
}

}  // namespace

FileStore::FileStore(SqliteDatabase& db) : db_(db) {
  db_.execute(
      "CREATE TABLE IF NOT EXISTS vector_store_files (store_id TEXT NOT NULL, file_id TEXT NOT NULL,"
      " seq INTEGER NOT NULL, filename TEXT NOT NULL, object TEXT NOT NULL, chunk_ids TEXT NOT NULL,"
      " PRIMARY KEY (store_id, file_id));"
      "CREATE TABLE IF NOT EXISTS vector_store_file_batches (store_id TEXT NOT NULL,"
      " batch_id TEXT NOT NULL, object TEXT NOT NULL, file_ids TEXT NOT NULL,"
      " PRIMARY KEY (store_id, batch_id));");
}

std::optional<FileRow> FileStore::file(const std::string& store_id, const std::string& file_id) const {
  auto s = db_.prepare(
      "SELECT filename, object, chunk_ids FROM vector_store_files WHERE store_id = ?1 AND file_id = ?2");
  s.bind(1, store_id).bind(2, file_id);
  if (!s.step()) return std::nullopt;
  return FileRow{store_id, file_id, s.text(0), parse_object(s.text(1)), parse_ids(s.text(2))};
}

std::vector<FileRow> FileStore::files(const std::string& store_id) const {
  std::vector<FileRow> out;
  auto s = db_.prepare(
      "SELECT file_id, filename, object, chunk_ids FROM vector_store_files WHERE store_id = ?1 ORDER BY seq");
  s.bind(1, store_id);
  while (s.step()) out.push_back({store_id, s.text(0), s.text(1), parse_object(s.text(2)), parse_ids(s.text(3))});
  return out;
}

void FileStore::put_file(const FileRow& file) {
  db_.prepare(
         "INSERT INTO vector_store_files (store_id, file_id, seq, filename, object, chunk_ids)"
         " VALUES (?1, ?2, (SELECT COALESCE(MAX(seq), 0) + 1 FROM vector_store_files), ?3, ?4, ?5)"
         " ON CONFLICT (store_id, file_id) DO UPDATE SET filename = ?3, object = ?4, chunk_ids = ?5")
      .bind(1, file.store_id)
      .bind(2, file.file_id)
      .bind(3, file.filename)
      .bind(4, json::serialize(file.object))
      .bind(5, ids_json(file.chunk_ids))
      .run();
}

void FileStore::remove_file(const std::string& store_id, const std::string& file_id) {
  db_.prepare("DELETE FROM vector_store_files WHERE store_id = ?1 AND file_id = ?2")
      .bind(1, store_id)
      .bind(2, file_id)
      .run();
}

std::optional<BatchRow> FileStore::batch(const std::string& store_id, const std::string& batch_id) const {
  auto s = db_.prepare(
      "SELECT object, file_ids FROM vector_store_file_batches WHERE store_id = ?1 AND batch_id = ?2");
  s.bind(1, store_id).bind(2, batch_id);
  if (!s.step()) return std::nullopt;
  return BatchRow{store_id, batch_id, parse_object(s.text(0)), parse_ids(s.text(1))};
}

void FileStore::put_batch(const BatchRow& batch) {
  db_.prepare(
         "INSERT INTO vector_store_file_batches (store_id, batch_id, object, file_ids) VALUES (?1, ?2, ?3, ?4)"
         " ON CONFLICT (store_id, batch_id) DO UPDATE SET object = ?3, file_ids = ?4")
      .bind(1, batch.store_id)
      .bind(2, batch.batch_id)
      .bind(3, json::serialize(batch.object))
      .bind(4, ids_json(batch.file_ids))
      .run();
}

void FileStore::delete_store(const std::string& store_id) {
  db_.prepare("DELETE FROM vector_store_files WHERE store_id = ?1").bind(1, store_id).run();
  db_.prepare("DELETE FROM vector_store_file_batches WHERE store_id = ?1").bind(1, store_id).run();
}

json::object file_counts(const std::vector<json::object>& files) {
  std::int64_t cancelled = 0, completed = 0, failed = 0, in_progress = 0;
  for (const auto& f : files) {
    const json::value* status = f.if_contains("status");
    if (status == nullptr || !status->is_string()) continue;
    if (*status == "cancelled") ++cancelled;
    else if (*status == "completed") ++completed;
    else if (*status == "failed") ++failed;
    else if (*status == "in_progress") ++in_progress;
  }
  return {{"cancelled", cancelled}, {"completed", completed}, {"failed", failed},
          {"in_progress", in_progress}, {"total", static_cast<std::int64_t>(files.size())}};
}

}  // namespace llama_stack::vector
