#include "stack/replay/recording_index.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/percent_encoding.hpp>

#include <sqlite3.h>
#include <sys/stat.h>

#include <cstring>
#include <map>
#include <utility>

namespace llama_stack::replay {

namespace fs = std::filesystem;

namespace {

// Bumped whenever the tables change: an index of another version is simply
// rebuilt, being derived.
constexpr int kSchemaVersion = 3;
// Long enough for another process to finish rebuilding a large index.
constexpr int kBusyTimeoutMs = 30000;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS recordings (
  request_hash  TEXT PRIMARY KEY,
  response_file TEXT NOT NULL,
  endpoint      TEXT NOT NULL,
  model         TEXT NOT NULL,
  test_id       TEXT,
  timestamp     TEXT,
  is_streaming  INTEGER NOT NULL,
  file_size     INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS recordings_by_endpoint ON recordings(endpoint, test_id);
CREATE TABLE IF NOT EXISTS used (
  recording TEXT NOT NULL,
  run       TEXT NOT NULL,
  PRIMARY KEY (recording, run)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ran (
  test_id TEXT NOT NULL,
  run     TEXT NOT NULL,
  PRIMARY KEY (test_id, run)
) WITHOUT ROWID;
)sql";

constexpr const char* kColumns =
    "request_hash, response_file, endpoint, model, test_id, timestamp, is_streaming, file_size, "
    "file_mtime_ns";

[[noreturn]] void fail(const fs::path& file, sqlite3* db, std::string_view what) {
  if (db == nullptr)
    throw IndexError(file.string() + ": " + std::string(what) + ": out of memory", SQLITE_NOMEM);
  const int code = sqlite3_errcode(db) & 0xff;
  std::string message = file.string() + ": " + std::string(what) + ": " + sqlite3_errmsg(db);
  // What the OS said, where it is the cause (read-only, disk full, ...).
  if (code == SQLITE_IOERR || code == SQLITE_CANTOPEN || code == SQLITE_READONLY ||
      code == SQLITE_FULL)
    if (const int os = sqlite3_system_errno(db); os != 0)
      message += " (" + std::string(std::strerror(os)) + ")";
  throw IndexError(message, code);
}

// A prepared statement, finalized on every path out.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql, const fs::path& file) : db_(db), file_(file) {
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
        SQLITE_OK)
      fail(file_, db_, "preparing \"" + std::string(sql.substr(0, 60)) + "\"");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int i, std::string_view text) {
    check(sqlite3_bind_text(stmt_, i, text.data(), static_cast<int>(text.size()),
                            SQLITE_TRANSIENT));
    return *this;
  }
  Statement& bind(int i, const std::string& text) { return bind(i, std::string_view(text)); }
  Statement& bind(int i, const std::optional<std::string>& text) {
    if (text) return bind(i, std::string_view(*text));
    check(sqlite3_bind_null(stmt_, i));
    return *this;
  }
  Statement& bind(int i, std::int64_t n) {
    check(sqlite3_bind_int64(stmt_, i, n));
    return *this;
  }
  // True while a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(file_, db_, "query failed");
  }
  std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p == nullptr ? std::string()
                        : std::string(reinterpret_cast<const char*>(p),
                                      static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)));
  }
  std::optional<std::string> optional_text(int column) const {
    if (sqlite3_column_type(stmt_, column) == SQLITE_NULL) return std::nullopt;
    return text(column);
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  void check(int rc) {
    if (rc != SQLITE_OK) fail(file_, db_, "binding a value");
  }
  sqlite3* db_;
  const fs::path& file_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Commits when told to, rolls back otherwise (an exception on the way).
class Transaction {
 public:
  Transaction(sqlite3* db, const fs::path& file) : db_(db), file_(file) {
    // IMMEDIATE takes the write lock up front: two refreshing processes queue
    // instead of failing with SQLITE_BUSY when the second tries to write.
    if (sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
      fail(file_, db_, "starting a transaction");
  }
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit() {
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
      fail(file_, db_, "committing");
    done_ = true;
  }

 private:
  sqlite3* db_;
  const fs::path& file_;
  bool done_ = false;
};

IndexRow read_row(const Statement& s) {
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

struct FileStamp {
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
};

std::optional<FileStamp> stamp_of(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::int64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                       st.st_mtim.tv_nsec};
}

void insert_row(sqlite3* db, const fs::path& db_file, IndexRow& row, const FileStamp& stamp) {
  row.file_size = stamp.size;
  row.file_mtime_ns = stamp.mtime_ns;
  Statement s(db,
              "INSERT OR REPLACE INTO recordings (request_hash, response_file, endpoint, model, "
              "test_id, timestamp, is_streaming, file_size, file_mtime_ns) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
              db_file);
  s.bind(1, row.id)
      .bind(2, row.response_file)
      .bind(3, row.endpoint)
      .bind(4, row.model)
      .bind(5, row.test_id)
      .bind(6, row.timestamp)
      .bind(7, std::int64_t{row.is_streaming ? 1 : 0})
      .bind(8, row.file_size)
      .bind(9, row.file_mtime_ns);
  s.step();
}

bool is_recording_file(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  // Dot files are temporaries of writes in progress.
  return !name.empty() && name.front() != '.' && entry.path().extension() == ".json";
}

}  // namespace

void RecordingIndex::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }
void RecordingIndex::Closer::operator()(sqlite3_stmt* statement) const noexcept {
  sqlite3_finalize(statement);
}

bool IndexError::damaged() const noexcept {
  return sqlite_code_ == SQLITE_NOTADB || sqlite_code_ == SQLITE_CORRUPT;
}

RecordingIndex::RecordingIndex(fs::path db_file) : file_(std::move(db_file)) {
  try {
    open();
  } catch (const IndexError& e) {
    if (!e.damaged()) throw;
    start_afresh();
  }
}

RecordingIndex::RecordingIndex(InMemory, const fs::path& seed) : file_(seed), in_memory_(true) {
  connect();
  copy_from(seed);
  try {
    create_schema();
  } catch (const IndexError&) {
    db_.reset();  // a damaged copy: start from nothing
    connect();
    create_schema();
  }
}

std::unique_ptr<RecordingIndex> RecordingIndex::in_memory(const fs::path& seed) {
  return std::unique_ptr<RecordingIndex>(new RecordingIndex(InMemory{}, seed));
}

RecordingIndex::~RecordingIndex() {
  add_used_.reset();  // statements go before their database
  add_ran_.reset();
}

void RecordingIndex::start_afresh() {
  add_used_.reset();
  add_ran_.reset();
  db_.reset();
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(file_.string() + suffix), ec);
  open();
}

void RecordingIndex::exec(const char* sql) {
  if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK)
    fail(file_, db_.get(), std::string("executing ") + std::string(sql).substr(0, 40));
}

void RecordingIndex::open() {
  connect();
  create_schema();
}

void RecordingIndex::connect() {
  sqlite3* raw = nullptr;
  const std::string name = in_memory_ ? std::string(":memory:") : file_.string();
  const int rc =
      sqlite3_open_v2(name.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  db_.reset(raw);
  if (rc != SQLITE_OK) fail(file_, raw, "cannot open the recordings index");
  if (in_memory_) return;
  sqlite3_busy_timeout(db_.get(), kBusyTimeoutMs);
  exec("PRAGMA journal_mode=WAL");
  // WAL with NORMAL stays consistent on a crash; losing the last rows of a
  // derived index to a power cut costs only a refresh.
  exec("PRAGMA synchronous=NORMAL");
}

void RecordingIndex::copy_from(const fs::path& seed) {
  if (seed.empty()) return;
  // Immutable: no lock taken and no -wal or -shm created, which a read-only
  // or full file system would refuse. Rows a writer left in its -wal are
  // not seen; the stamps make refresh() read those files again.
  const std::string uri = "file:" + percent::encode(seed.string(), "/") + "?immutable=1";
  sqlite3* source = nullptr;
  if (sqlite3_open_v2(uri.c_str(), &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, nullptr) ==
      SQLITE_OK) {
    if (sqlite3_backup* backup = sqlite3_backup_init(db_.get(), "main", source, "main")) {
      sqlite3_backup_step(backup, -1);
      sqlite3_backup_finish(backup);  // on failure the copy is rolled back: empty
    }
  }
  sqlite3_close_v2(source);
}

void RecordingIndex::create_schema() {
  Transaction t(db_.get(), file_);
  int version = 0;
  {
    Statement s(db_.get(), "PRAGMA user_version", file_);
    if (s.step()) version = static_cast<int>(s.integer(0));
  }
  if (version != kSchemaVersion) {
    exec("DROP TABLE IF EXISTS recordings");
    exec("DROP TABLE IF EXISTS used");
    exec("DROP TABLE IF EXISTS ran");
  }
  exec(kSchema);
  exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
  t.commit();
}

RefreshReport RecordingIndex::refresh(const fs::path& responses_dir, const RowLoader& load,
                                      bool full) {
  RefreshReport report;
  Transaction t(db_.get(), file_);
  if (full) exec("DELETE FROM recordings");
  std::map<std::string, FileStamp, std::less<>> known;
  {
    Statement s(db_.get(), "SELECT request_hash, file_size, file_mtime_ns FROM recordings", file_);
    while (s.step()) known.emplace(s.text(0), FileStamp{s.integer(1), s.integer(2)});
  }
  std::error_code ec;
  fs::directory_iterator it(responses_dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw StackError(responses_dir.string() + ": cannot list recordings: " + ec.message());
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (!is_recording_file(*it)) continue;
    const fs::path& file = it->path();
    const auto stamp = stamp_of(file);
    if (!stamp) continue;  // removed while we looked
    ++report.files;
    const std::string id = file.stem().string();
    auto k = known.find(id);
    const bool current =
        k != known.end() && k->second.size == stamp->size && k->second.mtime_ns == stamp->mtime_ns;
    if (k != known.end()) known.erase(k);
    if (current) continue;
    ++report.reindexed;
    try {
      IndexRow row = load(file);
      insert_row(db_.get(), file_, row, *stamp);
    } catch (const std::exception& e) {
      report.problems.push_back(e.what());
      remove(id);
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    throw StackError(responses_dir.string() + ": cannot list recordings: " + ec.message());
  for (const auto& [id, stamp] : known) {
    remove(id);
    ++report.removed;
  }
  t.commit();
  return report;
}

void RecordingIndex::upsert(IndexRow row, const fs::path& file) {
  const auto stamp = stamp_of(file);
  if (!stamp) return;  // already replaced or removed by someone else: a refresh will tell
  insert_row(db_.get(), file_, row, *stamp);
}

void RecordingIndex::remove(std::string_view id) {
  Statement s(db_.get(), "DELETE FROM recordings WHERE request_hash = ?1", file_);
  s.bind(1, id);
  s.step();
}

std::vector<IndexRow> RecordingIndex::rows(const IndexQuery& q) {
  Statement s(db_.get(),
              std::string("SELECT ") + kColumns +
                  " FROM recordings WHERE (?1 = '' OR instr(coalesce(test_id, ''), ?1) > 0)"
                  " AND (?2 = '' OR instr(model, ?2) > 0)"
                  " AND (?3 = '' OR instr(endpoint, ?3) > 0)"
                  " ORDER BY endpoint, test_id, request_hash",
              file_);
  s.bind(1, q.test).bind(2, q.model).bind(3, q.endpoint);
  std::vector<IndexRow> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::vector<IndexRow> RecordingIndex::rows_with_endpoint(std::string_view endpoint) {
  Statement s(db_.get(),
              std::string("SELECT ") + kColumns +
                  " FROM recordings WHERE endpoint = ?1 ORDER BY request_hash",
              file_);
  s.bind(1, endpoint);
  std::vector<IndexRow> out;
  while (s.step()) out.push_back(read_row(s));
  return out;
}

std::vector<std::string> RecordingIndex::ids_with_prefix(std::string_view prefix) {
  // A range on the primary key rather than LIKE, which the key's index
  // serves only under case-sensitive LIKE settings.
  std::string upper(prefix);
  upper.push_back(static_cast<char>(0x7f));
  Statement s(db_.get(),
              "SELECT request_hash FROM recordings WHERE request_hash >= ?1 AND request_hash < ?2 "
              "ORDER BY request_hash",
              file_);
  s.bind(1, prefix).bind(2, upper);
  std::vector<std::string> out;
  while (s.step()) out.push_back(s.text(0));
  return out;
}

void RecordingIndex::insert_pair(std::unique_ptr<sqlite3_stmt, Closer>& statement,
                                 std::string_view sql, std::string_view a, std::string_view b) {
  if (!statement) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db_.get(), sql.data(), static_cast<int>(sql.size()),
                           SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK)
      fail(file_, db_.get(), "preparing \"" + std::string(sql.substr(0, 40)) + "\"");
    statement.reset(raw);
  }
  sqlite3_stmt* s = statement.get();
  sqlite3_reset(s);
  sqlite3_bind_text(s, 1, a.data(), static_cast<int>(a.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(s, 2, b.data(), static_cast<int>(b.size()), SQLITE_TRANSIENT);
  if (sqlite3_step(s) != SQLITE_DONE) fail(file_, db_.get(), "recording what a run did");
  sqlite3_reset(s);  // ends the implicit transaction's read of the statement now
}

void RecordingIndex::add_used(std::string_view id, std::string_view run) {
  insert_pair(add_used_, "INSERT OR IGNORE INTO used (recording, run) VALUES (?1, ?2)", id, run);
}

void RecordingIndex::add_ran(std::string_view test_id, std::string_view run) {
  insert_pair(add_ran_, "INSERT OR IGNORE INTO ran (test_id, run) VALUES (?1, ?2)", test_id, run);
}

std::set<std::string> RecordingIndex::used_ids() {
  Statement s(db_.get(), "SELECT DISTINCT recording FROM used", file_);
  std::set<std::string> out;
  while (s.step()) out.insert(s.text(0));
  return out;
}

std::set<std::string> RecordingIndex::ran_test_ids() {
  Statement s(db_.get(), "SELECT DISTINCT test_id FROM ran", file_);
  std::set<std::string> out;
  while (s.step()) out.insert(s.text(0));
  return out;
}

std::size_t RecordingIndex::used_runs() {
  Statement s(db_.get(),
              "SELECT COUNT(*) FROM (SELECT run FROM used UNION SELECT run FROM ran)", file_);
  return s.step() ? static_cast<std::size_t>(s.integer(0)) : 0;
}

void RecordingIndex::clear_used() {
  Transaction t(db_.get(), file_);
  exec("DELETE FROM used");
  exec("DELETE FROM ran");
  t.commit();
}

}  // namespace llama_stack::replay
