// A stack serves conversations with no provider configured, through the
// library client, its store where the config places it: the older
// conversations_store, the newer storage.stores.conversations, or else
// conversations.db in SQLITE_STORE_DIR.
#include "stack/client/library_client.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>

using namespace llama_stack;
namespace json = boost::json;

namespace {

LlamaStackClient client_of(RunConfig config, const std::filesystem::path& store_dir) {
  config.image_name = "test";
  StackOptions options;
  options.env = Environment::isolated();
  options.env.set("SQLITE_STORE_DIR", store_dir.string());
  return LlamaStackClient(Stack::create(std::move(config), ProviderRegistry{}, std::move(options)));
}

// A conversation with one message, listed back.
void round_trip(LlamaStackClient& client) {
  const auto conversation = client.conversations.create({{"metadata", json::object{{"topic", "demo"}}}});
  CHECK(conversation.id.starts_with("conv_"));
  client.conversations.items.create(
      conversation.id, {json::object{{"type", "message"}, {"role", "user"}, {"content", "Hello!"}}});
  const auto items = client.conversations.items.list(conversation.id);
  REQUIRE(items.data.size() == 1);
  CHECK(items.data[0].at("content") == "Hello!");
}

}  // namespace

TEST_CASE("a stack with no provider serves conversations, in SQLITE_STORE_DIR by default") {
  config_test::TempDir dir;
  auto client = client_of({}, dir.path());
  CHECK(client.stack().serves("conversations"));
  const auto routes = client.inspect.routes();
  CHECK(std::any_of(routes.begin(), routes.end(), [](const json::object& r) {
    return r.at("route") == "/v1/conversations/{conversation_id}/items" && r.at("method") == "POST";
  }));
  // Nothing is written before the first request.
  CHECK_FALSE(std::filesystem::exists(dir.path() / "conversations.db"));
  round_trip(client);
  CHECK(std::filesystem::exists(dir.path() / "conversations.db"));
}

TEST_CASE("conversations_store, or the newer storage.stores.conversations, places the store") {
  config_test::TempDir dir;
  RunConfig older;
  older.extra["conversations_store"] = json::object{{"type", "sqlite"}, {"db_path", (dir.path() / "older.db").string()}};
  auto client = client_of(older, dir.path());
  round_trip(client);
  CHECK(std::filesystem::exists(dir.path() / "older.db"));

  RunConfig newer;
  newer.extra["storage"] = json::parse(R"({
      "backends": {"sql_default": {"type": "sql_sqlite", "db_path": ")" + (dir.path() / "sql.db").string() + R"("}},
      "stores": {"conversations": {"table_name": "openai_conversations", "backend": "sql_default"}}})");
  auto newer_client = client_of(newer, dir.path());
  round_trip(newer_client);
  CHECK(std::filesystem::exists(dir.path() / "sql.db"));
  CHECK_FALSE(std::filesystem::exists(dir.path() / "conversations.db"));
}
