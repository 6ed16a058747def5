#include "providers/files/localfs/localfs_files.hpp"

#include <llama_stack/openai_page.hpp>
#include <llama_stack/errors.hpp>

#include <chrono>
#include <fstream>
#include <sstream>
#include <system_error>

namespace llama_stack::providers {

namespace json = boost::json;

struct LocalfsFiles::Row {
  std::string id;
  std::string filename;
  std::string purpose;
  std::string content_type;
  std::int64_t bytes = 0;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;

  json::object to_json() const {
    json::object o{{"object", "file"},     {"id", id},           {"bytes", bytes},
                   {"created_at", created_at}, {"filename", filename}, {"purpose", purpose}};
    o["expires_at"] = expires_at ? json::value(*expires_at) : json::value(nullptr);
    return o;
  }
};

namespace {

constexpr const char* kColumns = "id, filename, purpose, content_type, bytes, created_at, expires_at";

std::int64_t system_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

LocalfsFiles::LocalfsFiles(LocalfsOptions options, IdMinter& ids, std::function<std::int64_t()> now)
    : options_(std::move(options)),
      ids_(ids),
      now_(now ? std::move(now) : std::function<std::int64_t()>(&system_now)),
      db_(options_.db_path) {
  std::error_code ec;
  std::filesystem::create_directories(options_.storage_dir, ec);
  if (ec)
    throw ConfigError("provider '" + options_.provider_id + "': config key 'storage_dir': cannot "
                      "create " + options_.storage_dir.string() + ": " + ec.message());
  db_.execute(
      "CREATE TABLE IF NOT EXISTS files (id TEXT PRIMARY KEY, filename TEXT NOT NULL, "
      "purpose TEXT NOT NULL, content_type TEXT NOT NULL, bytes INTEGER NOT NULL, "
      "created_at INTEGER NOT NULL, expires_at INTEGER)");
}

std::filesystem::path LocalfsFiles::path_of(std::string_view file_id) const {
  return options_.storage_dir / std::string(file_id);
}

json::object LocalfsFiles::upload(const RequestContext&, const FileUpload& file) {
  const auto size = static_cast<std::int64_t>(file.data.size());
  if (options_.max_file_size_bytes > 0 && size > options_.max_file_size_bytes)
    throw PayloadTooLargeError("upload file: '" + file.filename + "' is " + std::to_string(size) +
                               " bytes, more than provider '" + options_.provider_id +
                               "' accepts (max_file_size_bytes: " +
                               std::to_string(options_.max_file_size_bytes) + ")");
  Row row{ids_.mint("file-"), file.filename, file.purpose,
          file.content_type.empty() ? "application/octet-stream" : file.content_type,
          size, now_(), std::nullopt};
  if (file.expires_after_seconds) row.expires_at = row.created_at + *file.expires_after_seconds;
  std::lock_guard lock(mutex_);
  {
    std::ofstream out(path_of(row.id), std::ios::binary | std::ios::trunc);
    out.write(file.data.data(), static_cast<std::streamsize>(file.data.size()));
    if (!out.flush())
      throw StackError("provider '" + options_.provider_id + "': cannot write " +
                       path_of(row.id).string());
  }
  // REPLACE: ids repeat when a test is replayed against a store it filled before.
  auto insert = db_.prepare(std::string("INSERT OR REPLACE INTO files (") + kColumns +
                            ") VALUES (?, ?, ?, ?, ?, ?, ?)");
  insert.bind(1, row.id).bind(2, row.filename).bind(3, row.purpose).bind(4, row.content_type);
  insert.bind(5, row.bytes).bind(6, row.created_at);
  if (row.expires_at) insert.bind(7, *row.expires_at); else insert.bind_null(7);
  insert.run();
  return row.to_json();
}

LocalfsFiles::Row LocalfsFiles::find(std::string_view file_id) {
  auto select = db_.prepare(std::string("SELECT ") + kColumns +
                            " FROM files WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)");
  select.bind(1, file_id).bind(2, now_());
  if (!select.step()) throw NotFoundError("file '" + std::string(file_id) + "' not found");
  Row row{select.text(0), select.text(1), select.text(2), select.text(3),
          select.integer(4), select.integer(5), std::nullopt};
  if (!select.is_null(6)) row.expires_at = select.integer(6);
  return row;
}

json::object LocalfsFiles::list(const RequestContext&, const FileListQuery& query) {
  std::lock_guard lock(mutex_);
  const char* cmp = query.ascending ? ">" : "<";
  const char* dir = query.ascending ? "ASC" : "DESC";
  // Ordered by (created_at, rowid): files of the same second in the order
  // they were uploaded, and a page boundary exact.
  std::string sql = std::string("SELECT ") + kColumns +
                    " FROM files WHERE (expires_at IS NULL OR expires_at > ?1)"
                    " AND (?2 = '' OR purpose = ?2)";
  std::optional<Row> after;
  if (!query.after.empty()) {
    after = find(query.after);
    sql += std::string(" AND (created_at ") + cmp + " ?3 OR (created_at = ?3 AND rowid " + cmp +
           " (SELECT rowid FROM files WHERE id = ?4)))";
  }
  sql += std::string(" ORDER BY created_at ") + dir + ", rowid " + dir + " LIMIT ?5";
  auto select = db_.prepare(sql);
  select.bind(1, now_()).bind(2, query.purpose);
  if (after) select.bind(3, after->created_at).bind(4, after->id);
  select.bind(5, page_fetch_limit(query.limit));
  return openai_list_of_rows(query.limit, [&] { return select.step(); }, [&] {
    Row row{select.text(0), select.text(1), select.text(2), select.text(3),
            select.integer(4), select.integer(5), std::nullopt};
    if (!select.is_null(6)) row.expires_at = select.integer(6);
    return row.to_json();
  });
}

json::object LocalfsFiles::retrieve(const RequestContext&, std::string_view file_id) {
  std::lock_guard lock(mutex_);
  return find(file_id).to_json();
}

FilesApi::Content LocalfsFiles::content(const RequestContext&, std::string_view file_id) {
  std::lock_guard lock(mutex_);
  const Row row = find(file_id);
  std::ifstream in(path_of(row.id), std::ios::binary);
  if (!in)
    throw NotFoundError("file '" + row.id + "' not found: its content is missing from " +
                        options_.storage_dir.string());
  std::ostringstream data;
  data << in.rdbuf();
  return {row.content_type, std::move(data).str()};
}

json::object LocalfsFiles::remove(const RequestContext&, std::string_view file_id) {
  std::lock_guard lock(mutex_);
  const Row row = find(file_id);
  auto del = db_.prepare("DELETE FROM files WHERE id = ?");
  del.bind(1, row.id).run();
  std::error_code ignored;  // metadata gone is what makes the file gone
  std::filesystem::remove(path_of(row.id), ignored);
  return {{"id", row.id}, {"object", "file"}, {"deleted", true}};
}

}  // namespace llama_stack::providers
