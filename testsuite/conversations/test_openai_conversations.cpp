// The conversations API as the Python suite's
// conversations/test_openai_conversations.py drives it (class
// TestOpenAIConversations, its test ids and assertions): create, retrieve,
// update and delete conversations, and create, list, retrieve and delete
// their items. No model is called, so nothing is recorded; library and
// server mode alike.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using llama_stack::testing::TestContext;
namespace json = boost::json;

namespace {

ConversationsClient& conversations(TestContext& t) { return t.client().conversations; }

// The Python tests' conversation: metadata {"topic": ...}, and a first
// message of plain text when `first_message` is given.
Conversation create_with_topic(TestContext& t, const char* topic, const char* first_message = nullptr) {
  json::object params{{"metadata", {{"topic", topic}}}};
  if (first_message != nullptr)
    params["items"] = json::array{json::object{{"type", "message"}, {"role", "user"}, {"content", first_message}}};
  return conversations(t).create(params);
}

// The metadata's topic; "" when there is none.
std::string topic_of(const Conversation& c) {
  if (!c.metadata || !c.metadata->contains("topic")) return {};
  return c.metadata->at("topic");
}

// A user message of one input_text part.
json::object user_text(const char* text) {
  return {{"type", "message"},
          {"role", "user"},
          {"content", json::array{json::object{{"type", "input_text"}, {"text", text}}}}};
}

std::string text_of(const json::object& item) {
  return std::string(item.at("content").at(0).at("text").as_string());
}

std::string id_of(const json::object& item) { return std::string(item.at("id").as_string()); }

// A new conversation holding the message "Hello!": its id and the item's.
std::pair<std::string, std::string> conversation_with_hello(TestContext& t) {
  const auto conversation = conversations(t).create();
  const auto created = conversations(t).items.create(conversation.id, {user_text("Hello!")});
  REQUIRE(created.data.size() == 1);
  return {conversation.id, id_of(created.data[0])};
}

}  // namespace

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_create) {
  const auto conversation = create_with_topic(t, "demo", "Hello!");
  CHECK(conversation.id.starts_with("conv_"));
  CHECK(conversation.object == "conversation");
  CHECK(topic_of(conversation) == "demo");
  CHECK(conversation.created_at > 0);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_retrieve) {
  const auto conversation = create_with_topic(t, "demo");
  const auto retrieved = conversations(t).retrieve(conversation.id);
  CHECK(retrieved.id == conversation.id);
  CHECK(retrieved.object == "conversation");
  CHECK(topic_of(retrieved) == "demo");
  CHECK(retrieved.created_at == conversation.created_at);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_update) {
  const auto conversation = create_with_topic(t, "demo");
  const auto updated = conversations(t).update(conversation.id, {{"topic", "project-x"}});
  CHECK(updated.id == conversation.id);
  CHECK(topic_of(updated) == "project-x");
  CHECK(updated.created_at == conversation.created_at);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_delete) {
  const auto conversation = create_with_topic(t, "demo");
  const auto deleted = conversations(t).remove(conversation.id);
  CHECK(deleted.id == conversation.id);
  CHECK(deleted.object == "conversation.deleted");
  CHECK(deleted.deleted);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_items_create) {
  const auto conversation = conversations(t).create();
  const auto items =
      conversations(t).items.create(conversation.id, {user_text("Hello!"), user_text("How are you?")});
  CHECK(items.object == "list");
  REQUIRE(items.data.size() == 2);
  CHECK(text_of(items.data[0]) == "Hello!");
  CHECK(text_of(items.data[1]) == "How are you?");
  CHECK(items.first_id == id_of(items.data[0]));
  CHECK(items.last_id == id_of(items.data[1]));
  CHECK_FALSE(items.has_more);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_items_list) {
  const auto [conversation_id, item_id] = conversation_with_hello(t);
  ConversationItemQuery query;
  query.limit = 10;
  const auto items = conversations(t).items.list(conversation_id, query);
  CHECK(items.object == "list");
  REQUIRE(items.data.size() >= 1);
  CHECK(items.data[0].at("type") == "message");
  CHECK(items.data[0].at("role") == "user");
  // Python checks that the page has these fields; ours are typed, so check what they hold.
  CHECK(items.first_id == id_of(items.data.front()));
  CHECK(items.last_id == id_of(items.data.back()));
  CHECK_FALSE(items.has_more);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_item_retrieve) {
  const auto [conversation_id, item_id] = conversation_with_hello(t);
  const auto item = conversations(t).items.retrieve(conversation_id, item_id);
  CHECK(id_of(item) == item_id);
  CHECK(item.at("type") == "message");
  CHECK(item.at("role") == "user");
  CHECK(text_of(item) == "Hello!");
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_conversation_item_delete) {
  const auto [conversation_id, item_id] = conversation_with_hello(t);
  const auto deleted = conversations(t).items.remove(conversation_id, item_id);
  CHECK(deleted.id == item_id);
  CHECK(deleted.object == "conversation.item.deleted");
  CHECK(deleted.deleted);
}

LLAMA_STACK_CLASS_TEST(TestOpenAIConversations, test_full_workflow) {
  const auto conversation = create_with_topic(t, "workflow-test", "Hello!");
  conversations(t).items.create(conversation.id, {user_text("Follow up")});
  CHECK(conversations(t).items.list(conversation.id).data.size() >= 2);
  const auto updated = conversations(t).update(conversation.id, {{"topic", "workflow-complete"}});
  CHECK(topic_of(updated) == "workflow-complete");
  conversations(t).remove(conversation.id);
}
