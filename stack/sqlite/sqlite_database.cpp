#include "stack/sqlite/sqlite_database.hpp"

#include <llama_stack/percent_encoding.hpp>

#include <sqlite3.h>

#include <cstring>
#include <system_error>
#include <utility>

namespace llama_stack {

namespace fs = std::filesystem;

namespace sqlite_detail {

struct Connection {
  explicit Connection(fs::path name) : file(std::move(name)) {}
  // close_v2: a connection whose statements are not all finalized closes
  // when the last one is, instead of failing and leaking.
  ~Connection() { sqlite3_close_v2(db); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  fs::path file;
  sqlite3* db = nullptr;
};

}  // namespace sqlite_detail

namespace {

using sqlite_detail::Connection;

SqliteFailure failure_of(int code) {
  switch (code & 0xff) {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return SqliteFailure::damaged;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return SqliteFailure::busy;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_FULL:
    case SQLITE_PERM:
      return SqliteFailure::storage;
    case SQLITE_CONSTRAINT:
      return SqliteFailure::constraint;
    default:
      return SqliteFailure::other;
  }
}

// "<file>: <what>: <why>", plus what the OS said where it is the cause
// (read-only, disk full, ...): SQLite's own message does not say.
[[noreturn]] void fail(const Connection& c, int code, const std::string& what, std::string why) {
  const SqliteFailure failure = failure_of(code);
  if (failure == SqliteFailure::storage && c.db != nullptr)
    if (const int os = sqlite3_system_errno(c.db); os != 0)
      why += " (" + std::string(std::strerror(os)) + ")";
  throw SqliteError(c.file.string() + ": " + what + ": " + why, failure);
}

[[noreturn]] void fail(const Connection& c, int code, const std::string& what) {
  fail(c, code, what, c.db != nullptr ? sqlite3_errmsg(c.db) : sqlite3_errstr(code));
}

void open(Connection& c, const char* name, int flags) {
  if (const int rc = sqlite3_open_v2(name, &c.db, flags | SQLITE_OPEN_FULLMUTEX, nullptr);
      rc != SQLITE_OK)
    fail(c, rc, "cannot open the database");
}

struct BackupFinisher {
  void operator()(sqlite3_backup* backup) const noexcept { sqlite3_backup_finish(backup); }
};

// Copies every page of `from` over `to` in one step; errors name the file
// of `at_fault`, the one of the two that is not the caller's own.
void copy_pages(const Connection& from, const Connection& to, const Connection& at_fault,
                const std::string& what) {
  std::unique_ptr<sqlite3_backup, BackupFinisher> backup(
      sqlite3_backup_init(to.db, "main", from.db, "main"));
  if (!backup) fail(at_fault, sqlite3_errcode(to.db), what, sqlite3_errmsg(to.db));
  // On error, finishing rolls back what the copy wrote: `to` is as it was.
  if (const int rc = sqlite3_backup_step(backup.get(), -1); rc != SQLITE_DONE)
    fail(at_fault, rc, what, sqlite3_errstr(rc));
}

}  // namespace

SqliteDatabase::SqliteDatabase(std::shared_ptr<Connection> connection)
    : connection_(std::move(connection)) {}

SqliteDatabase::SqliteDatabase(const fs::path& file, const SqliteOptions& options)
    : connection_(std::make_shared<Connection>(file)) {
  std::error_code ec;
  if (file.has_parent_path()) fs::create_directories(file.parent_path(), ec);
  if (ec)
    throw SqliteError(file.string() + ": cannot create its directory: " + ec.message(),
                      SqliteFailure::storage);
  open(*connection_, file.c_str(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_busy_timeout(connection_->db, static_cast<int>(options.busy_timeout.count()));
  execute(options.durable ? "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"
                          : "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                            "PRAGMA synchronous=NORMAL;");
}

SqliteDatabase SqliteDatabase::in_memory(std::string name) {
  auto connection = std::make_shared<Connection>(std::move(name));
  open(*connection, ":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  return SqliteDatabase(std::move(connection));
}

void SqliteDatabase::remove_files(const fs::path& file) noexcept {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(fs::path(file.string() + suffix), ec);
}

const fs::path& SqliteDatabase::file() const noexcept { return connection_->file; }

SqliteStatement SqliteDatabase::prepare(std::string_view sql, unsigned flags) const {
  sqlite3_stmt* statement = nullptr;
  if (const int rc = sqlite3_prepare_v3(connection_->db, sql.data(), static_cast<int>(sql.size()),
                                        flags, &statement, nullptr);
      rc != SQLITE_OK)
    fail(*connection_, rc, "cannot prepare '" + std::string(sql) + "'");
  return SqliteStatement(connection_, statement, std::string(sql));
}

SqliteStatement SqliteDatabase::prepare(std::string_view sql) const { return prepare(sql, 0); }

SqliteStatement SqliteDatabase::prepare_persistent(std::string_view sql) const {
  return prepare(sql, SQLITE_PREPARE_PERSISTENT);
}

void SqliteDatabase::execute(std::string_view sql) const {
  char* message = nullptr;
  const std::string text(sql);
  if (const int rc = sqlite3_exec(connection_->db, text.c_str(), nullptr, nullptr, &message);
      rc != SQLITE_OK) {
    std::string why = message != nullptr ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    fail(*connection_, rc, "'" + text + "' failed", std::move(why));
  }
}

std::int64_t SqliteDatabase::changes() const { return sqlite3_changes64(connection_->db); }

void SqliteDatabase::load_from(const fs::path& source) {
  Connection from(source);
  const std::string uri = "file:" + percent::encode(source.string(), "/") + "?immutable=1";
  open(from, uri.c_str(), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI);
  copy_pages(from, *connection_, from, "cannot copy into " + file().string());
}

void SqliteDatabase::save_to(const fs::path& target) const {
  Connection to(target);
  open(to, target.c_str(), SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  sqlite3_busy_timeout(to.db, static_cast<int>(SqliteOptions{}.busy_timeout.count()));
  copy_pages(*connection_, to, to, "cannot copy " + file().string() + " into it");
}

SqliteDatabase::Transaction::Transaction(const SqliteDatabase& db) : db_(db) {
  db_.execute("BEGIN IMMEDIATE");
}

SqliteDatabase::Transaction::~Transaction() {
  if (!done_) sqlite3_exec(db_.connection_->db, "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteDatabase::Transaction::commit() {
  db_.execute("COMMIT");
  done_ = true;
}

SqliteStatement::SqliteStatement(std::shared_ptr<const Connection> connection,
                                 sqlite3_stmt* statement, std::string sql)
    : connection_(std::move(connection)), statement_(statement), sql_(std::move(sql)) {}

SqliteStatement::SqliteStatement(SqliteStatement&& other) noexcept
    : connection_(std::move(other.connection_)),
      statement_(std::exchange(other.statement_, nullptr)),
      sql_(std::move(other.sql_)) {}

SqliteStatement& SqliteStatement::operator=(SqliteStatement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(statement_);
    connection_ = std::move(other.connection_);
    statement_ = std::exchange(other.statement_, nullptr);
    sql_ = std::move(other.sql_);
  }
  return *this;
}

// Finalized before `connection_` lets its connection go.
SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

void SqliteStatement::fail(int code, const std::string& what) const {
  llama_stack::fail(*connection_, code, what + " in '" + sql_ + "'");
}

SqliteStatement& SqliteStatement::bind(int index, std::string_view text) {
  if (const int rc = sqlite3_bind_text(statement_, index, text.data(),
                                       static_cast<int>(text.size()), SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, std::int64_t value) {
  if (const int rc = sqlite3_bind_int64(statement_, index, value); rc != SQLITE_OK)
    fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
  if (const int rc = sqlite3_bind_double(statement_, index, value); rc != SQLITE_OK)
    fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

SqliteStatement& SqliteStatement::bind_blob(int index, std::string_view bytes) {
  if (const int rc =
          sqlite3_bind_blob64(statement_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
      rc != SQLITE_OK)
    fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

SqliteStatement& SqliteStatement::bind_null(int index) {
  if (const int rc = sqlite3_bind_null(statement_, index); rc != SQLITE_OK)
    fail(rc, "cannot bind parameter " + std::to_string(index));
  return *this;
}

SqliteStatement& SqliteStatement::bind_optional(int index, const std::optional<std::string>& text) {
  return text ? bind(index, std::string_view(*text)) : bind_null(index);
}

bool SqliteStatement::step() {
  const int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  fail(rc, "cannot run");
}

void SqliteStatement::run() {
  while (step()) {
  }
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::string SqliteStatement::text(int column) const {
  const auto* p = sqlite3_column_text(statement_, column);
  return p == nullptr ? std::string()
                      : std::string(reinterpret_cast<const char*>(p),
                                    static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::optional<std::string> SqliteStatement::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

std::string SqliteStatement::blob(int column) const {
  const void* p = sqlite3_column_blob(statement_, column);
  return p == nullptr ? std::string()
                      : std::string(static_cast<const char*>(p),
                                    static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::int64_t SqliteStatement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double SqliteStatement::real(int column) const { return sqlite3_column_double(statement_, column); }

bool SqliteStatement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

}  // namespace llama_stack
