// What the Python suite does not test of the conversations API, in both
// modes (so through the server's statuses too): pages of items, and bad
// input answered with a 400 or a 404 naming what was wrong.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
namespace json = boost::json;

namespace {

json::object user_message(const std::string& text) {
  return {{"type", "message"}, {"role", "user"}, {"content", text}};
}

std::vector<std::string> contents(const ConversationItemList& list) {
  std::vector<std::string> out;
  for (const auto& item : list.data) out.emplace_back(item.at("content").as_string());
  return out;
}

}  // namespace

LLAMA_STACK_TEST(test_conversation_items_pages) {
  auto& conversations = t.client().conversations;
  const auto conversation = conversations.create(
      {{"items", json::array{user_message("one"), user_message("two")}}});
  conversations.items.create(conversation.id, {user_message("three")});
  using Texts = std::vector<std::string>;
  CHECK(contents(conversations.items.list(conversation.id)) == Texts{"three", "two", "one"});
  ConversationItemQuery page;
  page.limit = 2;
  page.ascending = true;
  const auto first = conversations.items.list(conversation.id, page);
  CHECK(contents(first) == Texts{"one", "two"});
  CHECK(first.has_more);
  page.after = first.last_id.value_or("");
  const auto rest = conversations.items.list(conversation.id, page);
  CHECK(contents(rest) == Texts{"three"});
  CHECK_FALSE(rest.has_more);
}

LLAMA_STACK_TEST(test_conversation_unknown_ids_are_not_found) {
  auto& conversations = t.client().conversations;
  CHECK_THROWS_WITH_AS(conversations.retrieve("conv_nope"), doctest::Contains("conversation 'conv_nope' not found"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(conversations.items.list("conv_nope"), doctest::Contains("'conv_nope' not found"),
                       NotFoundError);
  const auto conversation = conversations.create();
  CHECK_THROWS_WITH_AS(conversations.items.retrieve(conversation.id, "msg_nope"),
                       doctest::Contains(("item 'msg_nope' not found in conversation '" + conversation.id + "'").c_str()),
                       NotFoundError);
  conversations.remove(conversation.id);
  CHECK_THROWS_AS(conversations.remove(conversation.id), NotFoundError);
}

LLAMA_STACK_TEST(test_conversation_bad_input_names_the_field) {
  auto& conversations = t.client().conversations;
  CHECK_THROWS_WITH_AS(conversations.retrieve("nope"),
                       doctest::Contains("invalid 'conversation_id': 'nope'. Expected an ID that begins with 'conv_'"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(conversations.create({{"items", "Hello!"}}),
                       doctest::Contains("parameter 'items' must be a list"), InvalidRequestError);
  const auto conversation = conversations.create();
  json::array many;
  for (int i = 0; i < 21; ++i) many.push_back(user_message("m"));
  CHECK_THROWS_WITH_AS(conversations.items.create(conversation.id, many),
                       doctest::Contains("parameter 'items' holds 21 items; at most 20"), InvalidRequestError);
  json::object metadata;
  for (int i = 0; i < 17; ++i) metadata["k" + std::to_string(i)] = "v";
  CHECK_THROWS_WITH_AS(conversations.update(conversation.id, metadata),
                       doctest::Contains("parameter 'metadata' has 17 keys; at most 16"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(conversations.items.create(conversation.id, {json::object{{"type", "reasoning"}}}),
                       doctest::Contains("parameter 'items[0].type': 'reasoning' is not a conversation item type"),
                       InvalidRequestError);
}
