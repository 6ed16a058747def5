// Lookups and inserts: the rows of the recordings, and the used set.
#include "stack/replay/recording_index.hpp"
#include "stack/replay/recording_index_detail.hpp"

#include <utility>

namespace llama_stack::replay {

namespace fs = std::filesystem;

namespace {

constexpr const char* kColumns =
    "request_hash, response_file, endpoint, model, test_id, timestamp, is_streaming, file_size, "
    "file_mtime_ns";

IndexRow read_row(const SqliteStatement& s) {
  IndexRow row;
  row.id = s.text(0);
  row.response_file = s.text(1);
  row.endpoint = s.text(2);
  row.model = s.text(3);
  row.test_id = s.optional_text(4);
  row.timestamp = s.optional_text(5);
  row.is_streaming = s.integer(6) != 0;
  row.file_size = s.integer(7);
  row.file_mtime_ns = s.integer(8);
  return row;
}

std::vector<IndexRow> read_rows(SqliteStatement& s) {
  std::vector<IndexRow> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::set<std::string> first_column(SqliteStatement s) {
  std::set<std::string> out;
  while (s.step()) out.insert(s.text(0));
  return out;
}

}  // namespace

void index_detail::write_row(const SqliteDatabase& db, IndexRow& row, const FileStamp& stamp) {
  row.file_size = stamp.size;
  row.file_mtime_ns = stamp.mtime_ns;
  db.prepare(std::string("INSERT OR REPLACE INTO recordings (") + kColumns +
             ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)")
      .bind(1, row.id)
      .bind(2, row.response_file)
      .bind(3, row.endpoint)
      .bind(4, row.model)
      .bind_optional(5, row.test_id)
      .bind_optional(6, row.timestamp)
      .bind(7, std::int64_t{row.is_streaming ? 1 : 0})
      .bind(8, row.file_size)
      .bind(9, row.file_mtime_ns)
      .run();
}

void RecordingIndex::upsert(IndexRow row, const fs::path& file) {
  const auto stamp = index_detail::stamp_of(file);
  if (!stamp) return;  // already replaced or removed by someone else: a refresh will tell
  index_detail::write_row(*db_, row, *stamp);
}

void RecordingIndex::remove(std::string_view id) {
  db_->prepare("DELETE FROM recordings WHERE request_hash = ?1").bind(1, id).run();
}

std::vector<IndexRow> RecordingIndex::rows(const IndexQuery& q) {
  SqliteStatement s = db_->prepare(
      std::string("SELECT ") + kColumns +
      " FROM recordings WHERE (?1 = '' OR instr(coalesce(test_id, ''), ?1) > 0)"
      " AND (?2 = '' OR instr(model, ?2) > 0)"
      " AND (?3 = '' OR instr(endpoint, ?3) > 0)"
      " ORDER BY endpoint, test_id, request_hash");
  s.bind(1, q.test).bind(2, q.model).bind(3, q.endpoint);
  return read_rows(s);
}

std::vector<IndexRow> RecordingIndex::rows_with_endpoint(std::string_view endpoint) {
  SqliteStatement s = db_->prepare(std::string("SELECT ") + kColumns +
                                   " FROM recordings WHERE endpoint = ?1 ORDER BY request_hash");
  s.bind(1, endpoint);
  return read_rows(s);
}

std::vector<std::string> RecordingIndex::ids_with_prefix(std::string_view prefix) {
  // A range on the primary key rather than LIKE, which the key's index
  // serves only under case-sensitive LIKE settings.
  std::string upper(prefix);
  upper.push_back(static_cast<char>(0x7f));
  SqliteStatement s = db_->prepare(
      "SELECT request_hash FROM recordings WHERE request_hash >= ?1 AND request_hash < ?2 "
      "ORDER BY request_hash");
  s.bind(1, prefix).bind(2, upper);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void RecordingIndex::insert_pair(std::optional<SqliteStatement>& statement, std::string_view sql,
                                 std::string_view a, std::string_view b) {
  if (!statement) statement = db_->prepare_persistent(sql);
  statement->reset();  // after a failed run, which left it unreset
  statement->bind(1, a).bind(2, b).run();
  statement->reset();  // ends the implicit transaction's read of the statement now
}

void RecordingIndex::add_used(std::string_view id, std::string_view run) {
  insert_pair(add_used_, "INSERT OR IGNORE INTO used (recording, run) VALUES (?1, ?2)", id, run);
}

void RecordingIndex::add_ran(std::string_view test_id, std::string_view run) {
  insert_pair(add_ran_, "INSERT OR IGNORE INTO ran (test_id, run) VALUES (?1, ?2)", test_id, run);
}

std::set<std::string> RecordingIndex::used_ids() {
  return first_column(db_->prepare("SELECT DISTINCT recording FROM used"));
}

std::set<std::string> RecordingIndex::ran_test_ids() {
  return first_column(db_->prepare("SELECT DISTINCT test_id FROM ran"));
}

std::size_t RecordingIndex::used_runs() {
  SqliteStatement s =
      db_->prepare("SELECT COUNT(*) FROM (SELECT run FROM used UNION SELECT run FROM ran)");
  return s.step() ? static_cast<std::size_t>(s.integer(0)) : 0;
}

void RecordingIndex::clear_used() {
  SqliteDatabase::Transaction t(*db_);
  db_->execute("DELETE FROM used; DELETE FROM ran;");
  t.commit();
}

}  // namespace llama_stack::replay
