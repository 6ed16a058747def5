// The conversations router: the ids it mints (Python's lengths, through the
// stack's minter, never one the store holds), what it checks of a request
// (400 naming the field), unknown conversations and items (404 naming
// them), and a store it cannot use (501 saying why) or has not needed yet.
#include "stack/apis/conversations/conversations_router.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <cstdio>
#include <map>

using namespace llama_stack;
namespace json = boost::json;

namespace {

std::string hex24(unsigned n) {
  char hex[25];
  std::snprintf(hex, sizeof hex, "%024x", n);
  return hex;
}

// "<prefix>" + n in 24 hex digits, n counting from 1 per prefix: a second
// minter repeats the first one's ids, as the stack's deterministic minter
// does when the same test runs again over a store that outlived the first run.
class CountingIds final : public IdMinter {
 public:
  std::string mint(std::string_view prefix) override {
    return std::string(prefix) + hex24(++counts_[std::string(prefix)]);
  }

 private:
  std::map<std::string, unsigned> counts_;
};

json::object user_message(const std::string& text) {
  return {{"type", "message"}, {"role", "user"}, {"content", text}};
}

json::object with_items(json::array items) { return {{"items", std::move(items)}}; }

std::vector<std::string> ids(const json::object& page) {
  std::vector<std::string> out;
  for (const auto& item : page.at("data").as_array()) out.emplace_back(item.at("id").as_string());
  return out;
}

struct Fixture {
  config_test::TempDir dir;
  CountingIds minter;
  std::int64_t clock = 1700000000;
  json::object settings() const {
    return {{"type", "sqlite"}, {"db_path", (dir.path() / "conversations.db").string()}};
  }
  ConversationsRouter router{minter, settings(), [this] { return clock; }};
  RequestContext context;

  std::string create(const json::object& body = {}) {
    return std::string(router.create_conversation(context, body).at("id").as_string());
  }
};

const ConversationItemQuery kOldestFirst{.limit = 20, .after = "", .ascending = true};

}  // namespace

TEST_CASE("conversations router: conv_, msg_ and item_ ids of 48 hex digits from the stack's minter") {
  Fixture f;
  json::object mine = user_message("mine");
  mine["id"] = "msg_mine";
  const json::object call{{"type", "function_call"}, {"call_id", "c1"}, {"name", "f"}, {"arguments", "{}"}};
  const auto conversation = f.router.create_conversation(
      f.context, {{"metadata", json::object{{"topic", "demo"}}},
                  {"items", json::array{user_message("Hello!"), call, mine}}});
  const std::string id(conversation.at("id").as_string());
  CHECK(id == "conv_" + hex24(1) + hex24(2));
  CHECK(json::value(conversation) ==
        json::value({{"id", id}, {"object", "conversation"}, {"created_at", 1700000000},
                     {"metadata", {{"topic", "demo"}}}}));
  const auto items = f.router.list_items(f.context, id, kOldestFirst);
  CHECK(ids(items) == std::vector<std::string>{"msg_" + hex24(1) + hex24(2), "item_" + hex24(1) + hex24(2),
                                               "msg_mine"});
  // Stored as given, with the id.
  CHECK(items.at("data").at(0) == json::value({{"type", "message"}, {"role", "user"}, {"content", "Hello!"},
                                               {"id", "msg_" + hex24(1) + hex24(2)}}));
  // Without metadata there is none.
  CHECK(f.router.get_conversation(f.context, f.create()).at("metadata").is_null());
}

TEST_CASE("conversations router: a minted id the store holds is passed over") {
  Fixture f;
  const std::string first = f.create(with_items({user_message("one")}));
  // A second router on the same store, its minter starting over: what the
  // stack is after a restart.
  CountingIds restarted;
  ConversationsRouter again(restarted, f.settings());
  const std::string second = std::string(again.create_conversation(f.context, {}).at("id").as_string());
  CHECK(first == "conv_" + hex24(1) + hex24(2));
  CHECK(second == "conv_" + hex24(3) + hex24(4));
  const auto added = again.add_items(f.context, first, with_items({user_message("two")}));
  CHECK(ids(added) == std::vector<std::string>{"msg_" + hex24(3) + hex24(4)});
  CHECK(added.at("first_id") == added.at("last_id"));
  CHECK(added.at("has_more") == false);
  const auto items = f.router.list_items(f.context, first, kOldestFirst);
  CHECK(ids(items) == std::vector<std::string>{"msg_" + hex24(1) + hex24(2), "msg_" + hex24(3) + hex24(4)});
  CHECK(items.at("data").at(0).at("content") == "one");
}

TEST_CASE("conversations router: update, delete and the items' lifecycle") {
  Fixture f;
  const std::string id = f.create({{"metadata", json::object{{"topic", "demo"}}}});
  f.clock += 10;
  const auto updated = f.router.update_conversation(f.context, id, {{"metadata", json::object{{"topic", "x"}}}});
  CHECK(updated.at("metadata") == json::value({{"topic", "x"}}));
  CHECK(updated.at("created_at") == 1700000000);
  CHECK(f.router.get_conversation(f.context, id).at("metadata") == json::value({{"topic", "x"}}));

  json::object given = user_message("again");
  given["id"] = "msg_given";
  f.router.add_items(f.context, id, with_items({given, user_message("two")}));
  // Added again: replaced, and moved to the end, as Python's add_items does.
  given["content"] = "edited";
  const auto twice = f.router.add_items(f.context, id, with_items({given, given}));
  CHECK(twice.at("data").as_array().size() == 2);
  const auto listed = f.router.list_items(f.context, id, {});
  CHECK(listed.at("data").as_array().size() == 2);
  CHECK(listed.at("first_id") == "msg_given");
  CHECK(f.router.retrieve_item(f.context, id, "msg_given").at("content") == "edited");

  CHECK(json::value(f.router.delete_item(f.context, id, "msg_given")) ==
        json::value({{"id", "msg_given"}, {"object", "conversation.item.deleted"}, {"deleted", true}}));
  CHECK_THROWS_WITH_AS(f.router.retrieve_item(f.context, id, "msg_given"),
                       doctest::Contains(("item 'msg_given' not found in conversation '" + id + "'").c_str()), NotFoundError);
  CHECK(json::value(f.router.delete_conversation(f.context, id)) ==
        json::value({{"id", id}, {"object", "conversation.deleted"}, {"deleted", true}}));
  CHECK_THROWS_WITH_AS(f.router.get_conversation(f.context, id), doctest::Contains(("'" + id + "' not found").c_str()),
                       NotFoundError);
}

TEST_CASE("conversations router: bad input is a 400 naming the field") {
  Fixture f;
  const std::string id = f.create(with_items({[] {
    json::object m = user_message("held");
    m["id"] = "msg_held";
    return m;
  }()}));
  auto refused = [&](const std::function<void()>& call, const std::string& message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(call(), doctest::Contains(message.c_str()), InvalidRequestError);
  };
  auto create = [&](json::object body) { return [&f, body] { f.router.create_conversation(f.context, body); }; };
  auto add = [&](json::object body) { return [&f, &id, body] { f.router.add_items(f.context, id, body); }; };

  refused([&] { f.router.get_conversation(f.context, "c_1"); },
          "retrieve conversation: invalid 'conversation_id': 'c_1'. Expected an ID that begins with 'conv_'.");
  refused([&] { f.router.add_items(f.context, "abc", with_items({})); }, "invalid 'conversation_id': 'abc'");
  refused([&] { f.router.delete_item(f.context, "abc", "msg_held"); }, "invalid 'conversation_id': 'abc'");
  refused(create({{"items", "hello"}}), "create conversation: parameter 'items' must be a list");
  refused(add({}), "add conversation items: parameter 'items' is required");
  refused(add({{"items", json::object{}}}), "add conversation items: parameter 'items' must be a list");
  json::array many;
  for (int i = 0; i < 21; ++i) many.push_back(user_message("m"));
  refused(create(with_items(many)), "parameter 'items' holds 21 items; at most 20 may be added at a time");
  refused(add(with_items(many)), "parameter 'items' holds 21 items");
  json::object keys;
  for (int i = 0; i < 17; ++i) keys["k" + std::to_string(i)] = "v";
  refused(create({{"metadata", keys}}), "create conversation: parameter 'metadata' has 17 keys; at most 16");
  refused([&] { f.router.update_conversation(f.context, id, {{"metadata", keys}}); },
          "update conversation: parameter 'metadata' has 17 keys");
  refused([&] { f.router.update_conversation(f.context, id, {}); },
          "update conversation: parameter 'metadata' is required");
  refused(create({{"metadata", json::object{{"n", 1}}}}), "parameter 'metadata': the value of 'n' must be a string");
  refused(create({{"metadata", "x"}}), "parameter 'metadata' must be an object");
  refused(create(with_items({"text"})), "create conversation: parameter 'items[0]' must be an object");
  refused(create(with_items({json::object{{"role", "user"}}})), "parameter 'items[0].type' is required");
  refused(create(with_items({user_message("a"), json::object{{"type", "reasoning"}}})),
          "parameter 'items[1].type': 'reasoning' is not a conversation item type (message, function_call, "
          "file_search_call, web_search_call, mcp_call, mcp_list_tools)");
  refused(create(with_items({json::object{{"type", "message"}, {"role", "robot"}, {"content", "x"}}})),
          "parameter 'items[0].role' must be system, developer, user or assistant, not 'robot'");
  refused(create(with_items({json::object{{"type", "message"}, {"role", "user"}}})),
          "parameter 'items[0].content' must be a string or a list of parts");
  refused(create(with_items({json::object{{"type", "function_call"}, {"call_id", "c"}, {"name", "f"}}})),
          "parameter 'items[0].arguments' is required");
  refused(create(with_items({json::object{{"type", "web_search_call"}, {"status", "completed"}}})),
          "parameter 'items[0].id' is required");
  refused(create(with_items({json::object{{"type", "file_search_call"}, {"id", "fs"}, {"status", "done"}}})),
          "parameter 'items[0].queries' must be a list");
  json::object numbered = user_message("x");
  numbered["id"] = 7;
  refused(create(with_items({numbered})), "parameter 'items[0].id' must be a non-empty string");
  json::object twice = user_message("x");
  twice["id"] = "msg_twice";
  refused(create(with_items({twice, twice})), "parameter 'items[1].id': 'msg_twice' is given twice");
  json::object held = user_message("x");
  held["id"] = "msg_held";
  refused(create(with_items({held})), "parameter 'items[0].id': 'msg_held' is an item of another conversation, '" + id + "'");
  const std::string other = f.create();
  refused([&] { f.router.add_items(f.context, other, with_items({held})); },
          "add conversation items: parameter 'items[0].id': 'msg_held' is an item of another conversation");
  // Nothing of a refused request was stored.
  CHECK(f.router.list_items(f.context, other, {}).at("data").as_array().empty());
  CHECK(f.router.list_items(f.context, id, {}).at("data").as_array().size() == 1);
}

TEST_CASE("conversations router: an unknown conversation or item is a 404 naming it, for every operation") {
  Fixture f;
  const std::string id = f.create();
  auto missing = [&](const std::function<void()>& call, const std::string& message) {
    CAPTURE(message);
    CHECK_THROWS_WITH_AS(call(), doctest::Contains(message.c_str()), NotFoundError);
  };
  const std::string nope = "conversation 'conv_nope' not found";
  missing([&] { f.router.get_conversation(f.context, "conv_nope"); }, nope);
  missing([&] { f.router.update_conversation(f.context, "conv_nope", {{"metadata", json::object{}}}); }, nope);
  missing([&] { f.router.delete_conversation(f.context, "conv_nope"); }, nope);
  missing([&] { f.router.add_items(f.context, "conv_nope", with_items({user_message("x")})); }, nope);
  missing([&] { f.router.list_items(f.context, "conv_nope", {}); }, nope);
  missing([&] { f.router.retrieve_item(f.context, "conv_nope", "msg_x"); }, nope);
  missing([&] { f.router.delete_item(f.context, "conv_nope", "msg_x"); }, nope);
  missing([&] { f.router.retrieve_item(f.context, id, "msg_x"); },
          "item 'msg_x' not found in conversation '" + id + "'");
  missing([&] { f.router.delete_item(f.context, id, "msg_x"); }, "item 'msg_x' not found");
  missing([&] { f.router.list_items(f.context, id, {.limit = 20, .after = "msg_x", .ascending = false}); },
          "'after' names item 'msg_x'");
}

TEST_CASE("conversations router: the store is opened at the first request; one it cannot use is a 501 saying why") {
  config_test::TempDir dir;
  CountingIds minter;
  const auto db = dir.path() / "later" / "conversations.db";
  ConversationsRouter lazy(minter, {{"type", "sqlite"}, {"db_path", db.string()}});
  CHECK_FALSE(std::filesystem::exists(db));
  lazy.create_conversation(RequestContext{}, {});
  CHECK(std::filesystem::exists(db));

  ConversationsRouter postgres(minter, {{"type", "postgres"}, {"host", "localhost"}});
  CHECK_THROWS_WITH_AS(postgres.create_conversation(RequestContext{}, {}),
                       doctest::Contains("this stack keeps no conversations: conversations_store: type 'postgres' "
                                         "is not supported"),
                       UnsupportedError);
  CHECK_THROWS_AS(postgres.list_items(RequestContext{}, "conv_x", {}), UnsupportedError);
}
