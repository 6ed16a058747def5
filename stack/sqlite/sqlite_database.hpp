#pragma once
// A SQLite database and its prepared statements, as RAII values. Every
// error is a SqliteError naming the database file, the stage (opening,
// preparing, running, copying) and SQLite's message, and saying what kind of
// failure it was. Used by the stores that keep state across restarts (files
// metadata, vector indexes, stored chat completions) and by the recordings
// index; one connection per object, serialised by the caller.
#include <llama_stack/errors.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3_stmt;

namespace llama_stack {

namespace sqlite_detail {
struct Connection;  // the handle and the name its errors give
}

// What went wrong, as far as a caller can act on it.
enum class SqliteFailure {
  damaged,     // not a database, or a corrupt one: derived data can be rebuilt
  busy,        // another connection kept its lock past the busy timeout
  storage,     // the file system refused: cannot open, read-only, full, I/O
  constraint,  // a row broke a UNIQUE, NOT NULL, CHECK or foreign key rule
  other,
};

class SqliteError : public StackError {
 public:
  SqliteError(const std::string& message, SqliteFailure failure)
      : StackError(message), failure_(failure) {}
  SqliteFailure failure() const noexcept { return failure_; }
  bool damaged() const noexcept { return failure_ == SqliteFailure::damaged; }
  bool busy() const noexcept { return failure_ == SqliteFailure::busy; }

 private:
  SqliteFailure failure_;
};

// How a database file is opened; the defaults suit a store of record.
struct SqliteOptions {
  // Long enough for another process to finish its transaction.
  std::chrono::milliseconds busy_timeout{10000};
  // False for data that can be derived again: in WAL mode a crash still
  // leaves the file consistent, but a power cut may lose the last commits,
  // and commits do not wait for the disk.
  bool durable = true;
};

class SqliteDatabase;

class SqliteStatement {
 public:
  // Keeps its database's connection open: a statement may outlive the
  // SqliteDatabase object it was prepared on.
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;
  ~SqliteStatement();

  // Parameters are 1-based, as SQLite's.
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind_blob(int index, std::string_view bytes);
  SqliteStatement& bind_null(int index);
  // The text, or NULL for none.
  SqliteStatement& bind_optional(int index, const std::optional<std::string>& text);
  // Steps once: true while there is a row to read.
  bool step();
  // Steps to the end (statements without rows).
  void run();
  // Back to before the first step, parameters unbound; also ends the read
  // the statement holds open, which would otherwise keep a WAL snapshot.
  void reset();

  // Columns are 0-based, as SQLite's.
  std::string text(int column) const;
  // NULL as none.
  std::optional<std::string> optional_text(int column) const;
  std::string blob(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(std::shared_ptr<const sqlite_detail::Connection> connection,
                  sqlite3_stmt* statement, std::string sql);
  [[noreturn]] void fail(int code, const std::string& what) const;

  std::shared_ptr<const sqlite_detail::Connection> connection_;
  sqlite3_stmt* statement_;
  std::string sql_;
};

class SqliteDatabase {
 public:
  // Opens (creating it and its directory) `file`; WAL journal, the busy
  // timeout of `options`, foreign keys on.
  explicit SqliteDatabase(const std::filesystem::path& file, const SqliteOptions& options = {});
  // A private database that lives as long as this object; `name` stands for
  // it in errors.
  static SqliteDatabase in_memory(std::string name);
  // Removes a database file with its -wal and -shm companions, as far as it
  // can: what stays makes the next open fail, with the reason.
  static void remove_files(const std::filesystem::path& file) noexcept;

  // A moved-from database has no connection: only assign to it or drop it.
  SqliteDatabase(SqliteDatabase&&) noexcept = default;
  SqliteDatabase& operator=(SqliteDatabase&&) noexcept = default;
  ~SqliteDatabase() = default;

  SqliteStatement prepare(std::string_view sql) const;
  // For a statement kept and run many times (SQLite then allocates it
  // outside the small per-connection pool meant for short-lived ones).
  SqliteStatement prepare_persistent(std::string_view sql) const;
  // Runs `sql` (several statements allowed), no parameters.
  void execute(std::string_view sql) const;
  std::int64_t changes() const;
  // The file, or the name given to a database in memory.
  const std::filesystem::path& file() const noexcept;

  // Replaces this database's content by a copy of `source` (SQLite's online
  // backup). `source` is read as immutable: no lock taken and no -wal or
  // -shm created, which a read-only or full file system would refuse; rows
  // another writer has left in its -wal are not seen. On error (naming
  // `source`) this database is as it was.
  void load_from(const std::filesystem::path& source);
  // Writes a copy of this database to `target`, replacing what it held.
  void save_to(const std::filesystem::path& target) const;

  // BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed uncommitted.
  // IMMEDIATE takes the write lock up front: two writing processes queue
  // instead of the second failing as busy when it first writes.
  class Transaction {
   public:
    explicit Transaction(const SqliteDatabase& db);
    ~Transaction();
    void commit();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

   private:
    const SqliteDatabase& db_;
    bool done_ = false;
  };

 private:
  explicit SqliteDatabase(std::shared_ptr<sqlite_detail::Connection> connection);
  SqliteStatement prepare(std::string_view sql, unsigned flags) const;

  // Shared with the statements, so that none outlives its connection.
  std::shared_ptr<sqlite_detail::Connection> connection_;
};

}  // namespace llama_stack
