#pragma once
// A SQLite database and its prepared statements, as RAII values. Every
// error is a StackError naming the database file, the statement and
// SQLite's message. Used by the stores that keep state across restarts
// (files metadata, vector indexes, stored chat completions); one connection
// per object, serialised by the caller.
#include <llama_stack/errors.hpp>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace llama_stack {

class SqliteDatabase;

class SqliteStatement {
 public:
  SqliteStatement(SqliteStatement&&) noexcept;
  SqliteStatement& operator=(SqliteStatement&&) noexcept;
  ~SqliteStatement();

  // Parameters are 1-based, as SQLite's.
  SqliteStatement& bind(int index, std::string_view text);
  SqliteStatement& bind(int index, std::int64_t value);
  SqliteStatement& bind(int index, double value);
  SqliteStatement& bind_blob(int index, std::string_view bytes);
  SqliteStatement& bind_null(int index);
  // Steps once: true while there is a row to read.
  bool step();
  // Steps to the end (statements without rows).
  void run();
  void reset();

  // Columns are 0-based, as SQLite's.
  std::string text(int column) const;
  std::string blob(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  bool is_null(int column) const;

 private:
  friend class SqliteDatabase;
  SqliteStatement(const SqliteDatabase& db, sqlite3_stmt* statement, std::string sql);
  [[noreturn]] void fail(const std::string& what) const;

  const SqliteDatabase* db_;
  sqlite3_stmt* statement_;
  std::string sql_;
};

class SqliteDatabase {
 public:
  // Opens (creating it and its directory) `file`; WAL journal, a busy
  // timeout, foreign keys on.
  explicit SqliteDatabase(const std::filesystem::path& file);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  SqliteStatement prepare(std::string_view sql) const;
  // Runs `sql` (several statements allowed), no parameters.
  void execute(std::string_view sql) const;
  std::int64_t changes() const;
  const std::filesystem::path& file() const noexcept { return file_; }

  // BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed uncommitted.
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
  friend class SqliteStatement;
  [[noreturn]] void fail(const std::string& what) const;

  std::filesystem::path file_;
  sqlite3* db_ = nullptr;
};

}  // namespace llama_stack
