#include "providers/kits/storage/store_config.hpp"
#include "stack/config/storage_references.hpp"
#include "stack/sqlite/sqlite_database.hpp"
#include "stack/apis/inference/inference_store.hpp"
#include "testsuite/support/builtin_provider_config.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace llama_stack;
namespace json = boost::json;

TEST_CASE("a SQLite database keeps rows across reopening; blobs and nulls intact") {
  config_test::TempDir dir;
  const auto file = dir.path() / "sub" / "store.db";
  {
    SqliteDatabase db(file);
    db.execute("CREATE TABLE t (id TEXT PRIMARY KEY, n INTEGER, b BLOB, x REAL)");
    SqliteDatabase::Transaction tx(db);
    db.prepare("INSERT INTO t VALUES (?, ?, ?, ?)")
        .bind(1, "a")
        .bind(2, std::int64_t{42})
        .bind_blob(3, std::string("\0\1\2", 3))
        .bind_null(4)
        .run();
    tx.commit();
  }
  SqliteDatabase db(file);
  auto row = db.prepare("SELECT id, n, b, x FROM t");
  REQUIRE(row.step());
  CHECK(row.text(0) == "a");
  CHECK(row.integer(1) == 42);
  CHECK(row.blob(2) == std::string("\0\1\2", 3));
  CHECK(row.is_null(3));
  CHECK_FALSE(row.step());
}

TEST_CASE("an uncommitted transaction is rolled back; errors name the file and statement") {
  config_test::TempDir dir;
  SqliteDatabase db(dir.path() / "s.db");
  db.execute("CREATE TABLE t (id TEXT PRIMARY KEY)");
  {
    SqliteDatabase::Transaction tx(db);
    db.prepare("INSERT INTO t VALUES ('a')").run();
  }
  auto count = db.prepare("SELECT count(*) FROM t");
  REQUIRE(count.step());
  CHECK(count.integer(0) == 0);
  db.prepare("INSERT INTO t VALUES ('a')").run();
  auto again = db.prepare("INSERT INTO t VALUES ('a')");
  CHECK_THROWS_WITH_AS(again.run(), doctest::Contains("s.db: cannot run in 'INSERT INTO t VALUES ('a')'"),
                       StackError);
  CHECK_THROWS_WITH_AS(db.prepare("SELEC nonsense"), doctest::Contains("cannot prepare"), StackError);
}

TEST_CASE("newer-format backend references resolve to the older inline form") {
  RunConfig config;
  config.extra["storage"] = json::parse(R"({
    "backends": {"kv_default": {"type": "kv_sqlite", "db_path": "/d/kv.db"},
                 "sql_default": {"type": "sql_sqlite", "db_path": "/d/sql.db"}},
    "stores": {"inference": {"table_name": "inference_store", "backend": "sql_default"}}})");
  const json::object provider = json::parse(R"({
    "persistence": {"namespace": "vector_io::faiss", "backend": "kv_default"},
    "nested": {"metadata_store": {"table_name": "files", "backend": "sql_default"}},
    "kvstore": {"type": "sqlite", "db_path": "/old.db"}, "plain": 1})").as_object();
  const auto r = resolve_storage_references(provider, config);
  CHECK(r.at("persistence") == json::parse(R"({"type":"sqlite","db_path":"/d/kv.db","namespace":"vector_io::faiss"})"));
  CHECK(r.at("nested").at("metadata_store") ==
        json::parse(R"({"type":"sqlite","db_path":"/d/sql.db","table_name":"files"})"));
  CHECK(r.at("kvstore") == provider.at("kvstore"));
  CHECK(r.at("plain") == 1);
  CHECK(stack_store_config(config, "inference").at("db_path") == "/d/sql.db");
  CHECK(stack_store_config(config, "metadata").empty());
  RunConfig older;
  older.extra["inference_store"] = json::parse(R"({"type": "sqlite", "db_path": "/i.db"})");
  CHECK(stack_store_config(older, "inference").at("db_path") == "/i.db");
}

TEST_CASE("a provider's store: sqlite only, db_path required, ~ expanded, errors name provider and key") {
  const auto config = [](const char* text) {
    return ProviderConfig("files", json::parse(text).as_object(), {});
  };
  auto ok = storage::store_config(config(R"({"kvstore": {"type": "sqlite", "db_path": "~/x/y.db", "namespace": "n"}})"), "kvstore");
  CHECK(ok.db_path == std::filesystem::path(std::getenv("HOME")) / "x/y.db");
  CHECK(ok.name == "n");
  CHECK_THROWS_WITH_AS(storage::store_config(config(R"({"kvstore": {"type": "postgres"}})"), "kvstore"),
                       doctest::Contains("provider 'files': kvstore: type 'postgres' is not supported"),
                       ConfigError);
  CHECK_THROWS_WITH_AS(storage::store_config(config(R"({"kvstore": {"type": "sqlite"}})"), "kvstore"),
                       doctest::Contains("db_path is required"), ConfigError);
  CHECK_THROWS_WITH_AS(storage::store_config(config(R"({"kvstore": 3})"), "kvstore"),
                       doctest::Contains("must be a mapping"), ConfigError);
  CHECK_THROWS_WITH_AS(storage::store_config(config("{}"), "kvstore"), doctest::Contains("is required"),
                       ConfigError);
}

TEST_CASE("a store's default is its declared key's: localfs keeps its metadata in the distribution directory") {
  const ProviderConfig files =
      llama_stack::testing::builtin_provider_config("files", "inline::localfs", "my-files", {});
  CHECK(storage::store_config(files, "metadata_store").db_path ==
        std::filesystem::path(std::getenv("HOME")) / ".llama/distributions/test/files_metadata.db");
  CHECK(files.string("storage_dir") == "~/.llama/distributions/test/files");
  // The same reader answers for the stack's own store, in the same words.
  CHECK_THROWS_WITH_AS(open_inference_store(json::parse(R"({"type": "postgres"})").as_object()),
                       doctest::Contains("inference_store: type 'postgres' is not supported"),
                       ConfigError);
}
