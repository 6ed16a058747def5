// The SQLite wrapper's pieces beyond rows and transactions (those are in
// storage_test.cpp): what kind of error, databases in memory, copies to and
// from files, statements kept for many runs.
#include "stack/sqlite/sqlite_database.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

using namespace llama_stack;
namespace fs = std::filesystem;
using config_test::TempDir;
using config_test::write_text;

namespace {

// The error `action` throws, which must be a SqliteError.
template <class F>
SqliteError error_of(F&& action) {
  try {
    action();
  } catch (const SqliteError& e) {
    return e;
  }
  FAIL("expected a SqliteError");
  return SqliteError("", SqliteFailure::other);
}

std::int64_t count(const SqliteDatabase& db, const char* table) {
  SqliteStatement s = db.prepare(std::string("SELECT count(*) FROM ") + table);
  REQUIRE(s.step());
  return s.integer(0);
}

void fill(const SqliteDatabase& db, int rows) {
  db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)");
  SqliteStatement insert = db.prepare("INSERT INTO t (name) VALUES (?1)");
  for (int i = 0; i < rows; ++i) {
    insert.bind(1, "row " + std::to_string(i)).run();
    insert.reset();
  }
}

}  // namespace

TEST_CASE("a file that is not a database is a damaged-database error naming the file") {
  TempDir dir;
  const fs::path file = dir.path() / "garbage.db";
  write_text(file, std::string(8192, 'x'));
  const SqliteError e = error_of([&] { SqliteDatabase db(file); });
  CHECK(e.damaged());
  CHECK(e.failure() == SqliteFailure::damaged);
  CHECK(std::string(e.what()).find(file.string()) != std::string::npos);
  CHECK(std::string(e.what()).find("PRAGMA journal_mode=WAL") != std::string::npos);  // the stage
}

TEST_CASE("another connection's lock past the busy timeout is a busy error; a duplicate key a constraint") {
  TempDir dir;
  const fs::path file = dir.path() / "locked.db";
  SqliteDatabase holder(file);
  holder.execute("CREATE TABLE t (id TEXT PRIMARY KEY)");
  SqliteDatabase waiter(file, {.busy_timeout = std::chrono::milliseconds(0), .durable = true});
  {
    SqliteDatabase::Transaction held(holder);
    const SqliteError e = error_of([&] { SqliteDatabase::Transaction second(waiter); });
    CHECK(e.busy());
    CHECK_FALSE(e.damaged());
    CHECK(std::string(e.what()).find(file.string() + ": 'BEGIN IMMEDIATE' failed") == 0);
  }
  holder.execute("INSERT INTO t VALUES ('a')");
  const SqliteError dup = error_of([&] { waiter.execute("INSERT INTO t VALUES ('a')"); });
  CHECK(dup.failure() == SqliteFailure::constraint);
}

TEST_CASE("a database opened for derived data commits without waiting for the disk") {
  TempDir dir;
  SqliteDatabase db(dir.path() / "derived.db", {.busy_timeout = std::chrono::seconds(1), .durable = false});
  SqliteStatement s = db.prepare("PRAGMA synchronous");
  REQUIRE(s.step());
  CHECK(s.integer(0) == 1);  // NORMAL
}

TEST_CASE("a database in memory goes by its name in errors, and is gone with its object") {
  {
    SqliteDatabase db = SqliteDatabase::in_memory("scratch");
    CHECK(db.file() == "scratch");
    fill(db, 3);
    CHECK(count(db, "t") == 3);
    const SqliteError e = error_of([&] { db.prepare("SELECT * FROM missing"); });
    CHECK(std::string(e.what()).find("scratch: cannot prepare 'SELECT * FROM missing': no such table") == 0);
  }
  SqliteDatabase again = SqliteDatabase::in_memory("scratch");
  CHECK_THROWS_AS(count(again, "t"), SqliteError);
}

TEST_CASE("a copy saved to a file and loaded back holds the same rows") {
  TempDir dir;
  const fs::path file = dir.path() / "copy.db";
  SqliteDatabase original = SqliteDatabase::in_memory("original");
  fill(original, 5);
  original.save_to(file);
  CHECK(count(SqliteDatabase(file), "t") == 5);

  SqliteDatabase copy = SqliteDatabase::in_memory("copy");
  copy.load_from(file);
  CHECK(count(copy, "t") == 5);
  // Read as immutable: nothing beside the file is created.
  CHECK_FALSE(fs::exists(file.string() + "-wal"));
  CHECK_FALSE(fs::exists(file.string() + "-shm"));

  // Loading replaces what was there.
  SqliteDatabase other = SqliteDatabase::in_memory("other");
  other.execute("CREATE TABLE u (x INTEGER)");
  other.load_from(file);
  CHECK(count(other, "t") == 5);
  CHECK_THROWS_AS(count(other, "u"), SqliteError);
}

TEST_CASE("loading from a damaged or missing file names it and leaves the database as it was") {
  TempDir dir;
  SqliteDatabase db = SqliteDatabase::in_memory("target");
  fill(db, 2);

  const fs::path garbage = dir.path() / "garbage.db";
  write_text(garbage, std::string(8192, 'x'));
  const SqliteError damaged = error_of([&] { db.load_from(garbage); });
  CHECK(damaged.damaged());
  CHECK(std::string(damaged.what()).find(garbage.string() + ": cannot copy into target") == 0);
  CHECK(count(db, "t") == 2);

  const fs::path missing = dir.path() / "no-such.db";
  const SqliteError gone = error_of([&] { db.load_from(missing); });
  CHECK(gone.failure() == SqliteFailure::storage);
  CHECK(std::string(gone.what()).find(missing.string()) == 0);
  CHECK(count(db, "t") == 2);
  CHECK_FALSE(fs::exists(missing));
}

TEST_CASE("saving into a directory that does not exist names the target") {
  TempDir dir;
  const fs::path target = dir.path() / "no-such-dir" / "copy.db";
  SqliteDatabase db = SqliteDatabase::in_memory("source");
  fill(db, 1);
  const SqliteError e = error_of([&] { db.save_to(target); });
  CHECK(e.failure() == SqliteFailure::storage);
  CHECK(std::string(e.what()).find(target.string()) == 0);
}

TEST_CASE("a persistent statement runs many times, and outlives the database object it came from") {
  TempDir dir;
  std::optional<SqliteStatement> insert;
  {
    SqliteDatabase db(dir.path() / "kept.db");
    db.execute("CREATE TABLE t (name TEXT, note TEXT)");
    insert = db.prepare_persistent("INSERT INTO t VALUES (?1, ?2)");
  }
  for (int i = 0; i < 3; ++i) {
    insert->bind(1, "n" + std::to_string(i))
        .bind_optional(2, i == 1 ? std::optional<std::string>("note") : std::nullopt)
        .run();
    insert->reset();
  }
  insert.reset();
  SqliteDatabase db(dir.path() / "kept.db");
  SqliteStatement s = db.prepare("SELECT name, note FROM t ORDER BY name");
  std::vector<std::optional<std::string>> notes;
  while (s.step()) notes.push_back(s.optional_text(1));
  CHECK(notes == std::vector<std::optional<std::string>>{std::nullopt, "note", std::nullopt});
}

TEST_CASE("a database moved to another object keeps its connection and statements") {
  SqliteDatabase first = SqliteDatabase::in_memory("moved");
  fill(first, 2);
  SqliteStatement s = first.prepare("SELECT count(*) FROM t");
  std::optional<SqliteDatabase> second;
  second = std::move(first);
  REQUIRE(s.step());
  CHECK(s.integer(0) == 2);
  CHECK(second->file() == "moved");
  CHECK(count(*second, "t") == 2);
}

TEST_CASE("removing a database's files takes its -wal and -shm along") {
  TempDir dir;
  const fs::path file = dir.path() / "gone.db";
  std::optional<SqliteDatabase> db(std::in_place, file);
  fill(*db, 1);
  REQUIRE(fs::exists(file.string() + "-wal"));
  db.reset();
  for (const char* suffix : {"-wal", "-shm"}) write_text(file.string() + suffix, "left over");
  SqliteDatabase::remove_files(file);
  for (const char* suffix : {"", "-wal", "-shm"}) CHECK_FALSE(fs::exists(file.string() + suffix));
  SqliteDatabase::remove_files(file);  // nothing there: no error
}
