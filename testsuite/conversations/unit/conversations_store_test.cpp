// The conversations store on its own: items listed newest first (or
// oldest), paged by limit and after with first/last ids and has_more, in the
// order added even within one second; kept across a reopen; no stored row
// ever replaced on insert, add_items replacing the conversation's own item
// as Python's does; a Python-written database read in the order it wrote.
#include "stack/apis/conversations/conversations_store.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace llama_stack;
namespace json = boost::json;

namespace {

json::object message(const std::string& id, const std::string& text) {
  return {{"type", "message"}, {"role", "user"}, {"content", text}, {"id", id}};
}

StoredConversation conversation(const std::string& id, std::int64_t created_at = 100) {
  return {id, created_at, json::object{{"topic", "demo"}}};
}

std::vector<std::string> ids(const json::object& page) {
  std::vector<std::string> out;
  for (const auto& item : page.at("data").as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("conversations store: order, limit, after, first and last ids, has_more") {
  config_test::TempDir dir;
  ConversationsStore store(dir.path() / "conversations.db");
  store.create(conversation("conv_a"), {message("m1", "one"), message("m2", "two")}, 100);
  // Added in the same second as the first two, and twice within one second.
  store.add_items("conv_a", {message("m3", "three")}, 100);
  store.add_items("conv_a", {message("m4", "four"), message("m5", "five")}, 100);

  const auto all = store.list_items("conv_a", {});
  CHECK(ids(all) == Ids{"m5", "m4", "m3", "m2", "m1"});
  CHECK(all.at("object") == "list");
  CHECK(all.at("first_id") == "m5");
  CHECK(all.at("last_id") == "m1");
  CHECK(all.at("has_more") == false);
  CHECK(all.at("data").at(4).at("content") == "one");

  const auto first = store.list_items("conv_a", {.limit = 2, .after = "", .ascending = true});
  CHECK(ids(first) == Ids{"m1", "m2"});
  CHECK(first.at("has_more") == true);
  const auto next = store.list_items("conv_a", {.limit = 2, .after = "m2", .ascending = true});
  CHECK(ids(next) == Ids{"m3", "m4"});
  CHECK(next.at("has_more") == true);
  const auto last = store.list_items("conv_a", {.limit = 2, .after = "m4", .ascending = true});
  CHECK(ids(last) == Ids{"m5"});
  CHECK(last.at("has_more") == false);
  CHECK(ids(store.list_items("conv_a", {.limit = 20, .after = "m3", .ascending = false})) == Ids{"m2", "m1"});

  const auto empty = store.list_items("conv_a", {.limit = 20, .after = "m1", .ascending = false});
  CHECK(empty.at("data").as_array().empty());
  CHECK(empty.at("first_id").is_null());
  CHECK(empty.at("last_id").is_null());
  CHECK_THROWS_WITH_AS(store.list_items("conv_a", {.limit = 20, .after = "nope", .ascending = false}),
                       doctest::Contains("'after' names item 'nope', which conversation 'conv_a' does not hold"),
                       NotFoundError);
}

TEST_CASE("conversations store: a reopened store holds what was stored") {
  config_test::TempDir dir;
  const auto db = dir.path() / "sub" / "conversations.db";
  {
    ConversationsStore store(db);
    store.create(conversation("conv_a", 1700000000), {message("m1", "one")}, 1700000000);
    store.create({"conv_b", 1700000001, nullptr}, {}, 1700000001);
    store.add_items("conv_a", {message("m2", "two")}, 1700000000);
  }
  ConversationsStore reopened(db);
  const auto a = reopened.find("conv_a");
  REQUIRE(a.has_value());
  CHECK(a->created_at == 1700000000);
  CHECK(json::value(a->to_json()) == json::parse(R"({"id":"conv_a","object":"conversation","created_at":1700000000,
                                        "metadata":{"topic":"demo"}})"));
  CHECK(reopened.find("conv_b")->metadata.is_null());
  CHECK(ids(reopened.list_items("conv_a", {})) == Ids{"m2", "m1"});
  CHECK(reopened.item("conv_a", "m1")->at("content") == "one");
  // Later items still come after the stored ones.
  reopened.add_items("conv_a", {message("m3", "three")}, 5);
  CHECK(ids(reopened.list_items("conv_a", {})) == Ids{"m3", "m2", "m1"});
}

TEST_CASE("conversations store: a held id is refused by name, never replaced") {
  config_test::TempDir dir;
  ConversationsStore store(dir.path() / "conversations.db");
  store.create(conversation("conv_a"), {message("m1", "one")}, 100);
  CHECK_THROWS_WITH_AS(store.create(conversation("conv_a", 200), {}, 200),
                       doctest::Contains("conversation 'conv_a' is stored already"), StackError);
  CHECK(store.find("conv_a")->created_at == 100);
  // All or none: the conversation whose item is held is not created.
  CHECK_THROWS_WITH_AS(store.create(conversation("conv_b"), {message("m2", "two"), message("m1", "again")}, 100),
                       doctest::Contains("conversation item 'm1' is stored already"), StackError);
  CHECK_FALSE(store.find("conv_b").has_value());
  CHECK_FALSE(store.conversation_of_item("m2").has_value());
  CHECK(store.item("conv_a", "m1")->at("content") == "one");

  // add_items replaces the conversation's own item, which moves to the end.
  store.add_items("conv_a", {message("m2", "two")}, 101);
  store.add_items("conv_a", {message("m1", "edited")}, 102);
  CHECK(ids(store.list_items("conv_a", {})) == Ids{"m1", "m2"});
  CHECK(store.item("conv_a", "m1")->at("content") == "edited");
  // Another conversation's item is not touched.
  store.create(conversation("conv_c"), {}, 103);
  CHECK_THROWS_WITH_AS(store.add_items("conv_c", {message("m3", "three"), message("m1", "stolen")}, 104),
                       doctest::Contains("conversation item 'm1' belongs to another conversation"), StackError);
  CHECK(store.item("conv_a", "m1")->at("content") == "edited");
  CHECK(store.list_items("conv_c", {}).at("data").as_array().empty());
  CHECK(store.conversation_of_item("m1") == "conv_a");
}

TEST_CASE("conversations store: metadata replaced, items and conversations removed") {
  config_test::TempDir dir;
  ConversationsStore store(dir.path() / "conversations.db");
  store.create(conversation("conv_a"), {message("m1", "one"), message("m2", "two")}, 100);
  CHECK(store.set_metadata("conv_a", json::object{{"topic", "other"}}));
  CHECK(store.find("conv_a")->metadata == json::value(json::object{{"topic", "other"}}));
  CHECK_FALSE(store.set_metadata("conv_nope", json::object{}));

  CHECK(store.remove_item("conv_a", "m1"));
  CHECK_FALSE(store.remove_item("conv_a", "m1"));
  CHECK_FALSE(store.item("conv_a", "m1").has_value());
  CHECK(ids(store.list_items("conv_a", {})) == Ids{"m2"});

  CHECK(store.remove("conv_a"));
  CHECK_FALSE(store.remove("conv_a"));
  CHECK_FALSE(store.find("conv_a").has_value());
  // Its items go with it, so their ids are free again.
  CHECK_FALSE(store.conversation_of_item("m2").has_value());
  store.create(conversation("conv_b"), {message("m2", "reused")}, 100);
  CHECK(store.item("conv_b", "m2")->at("content") == "reused");
}

TEST_CASE("conversations store: a database the Python stack wrote is read in its order") {
  config_test::TempDir dir;
  const auto db = dir.path() / "conversations.db";
  {
    // Python's tables as its sqlstore creates them; its create_conversation
    // gives every first item the conversation's created_at.
    SqliteDatabase python(db);
    python.execute(
        "CREATE TABLE openai_conversations (id VARCHAR PRIMARY KEY, created_at INTEGER, items JSON, metadata JSON);"
        "CREATE TABLE conversation_items (id VARCHAR PRIMARY KEY, conversation_id VARCHAR, created_at INTEGER, "
        "item_data JSON);"
        "INSERT INTO openai_conversations VALUES ('conv_p', 50, '[]', NULL);"
        "INSERT INTO conversation_items VALUES ('m1', 'conv_p', 50, "
        "'{\"type\": \"message\", \"role\": \"user\", \"content\": \"one\", \"id\": \"m1\", \"status\": null}');"
        "INSERT INTO conversation_items VALUES ('m2', 'conv_p', 50, "
        "'{\"type\": \"message\", \"role\": \"user\", \"content\": \"two\", \"id\": \"m2\", \"status\": null}');");
  }
  ConversationsStore store(db);
  CHECK(store.find("conv_p")->metadata.is_null());
  CHECK(ids(store.list_items("conv_p", {})) == Ids{"m2", "m1"});
  CHECK(ids(store.list_items("conv_p", {.limit = 20, .after = "m1", .ascending = true})) == Ids{"m2"});
  store.add_items("conv_p", {message("m3", "three")}, 10);
  CHECK(ids(store.list_items("conv_p", {.limit = 20, .after = "", .ascending = true})) == Ids{"m1", "m2", "m3"});
}
