#pragma once
// The client's conversations calls, read like the OpenAI client's:
//   auto c = client.conversations.create({{"metadata", {{"topic", "demo"}}}});
//   client.conversations.items.create(c.id, items); .list(c.id); .retrieve(c.id, item_id)
//   client.conversations.update(c.id, metadata); .remove(c.id)
// Items are OpenAI's JSON shapes (messages, function calls, ...). The same
// in process and remote; errors are the stack's types (NotFoundError for an
// unknown conversation or item, InvalidRequestError naming a bad field).
#include "stack/routing/route_caller.hpp"

#include <llama_stack/apis/conversations.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// What deleting a conversation or an item answers.
struct DeletedResource {
  std::string id;
  std::string object;  // "conversation.deleted", "conversation.item.deleted"
  bool deleted = false;
  static DeletedResource from_json(const boost::json::object& o);
};

// OpenAI's conversation object; its metadata is none when it was created
// without any.
struct Conversation {
  std::string id;
  std::string object;  // "conversation"
  std::int64_t created_at = 0;
  std::optional<std::map<std::string, std::string>> metadata;
  static Conversation from_json(const boost::json::object& o);
};

struct ConversationItemList {
  std::string object;  // "list"
  std::vector<boost::json::object> data;
  std::optional<std::string> first_id;
  std::optional<std::string> last_id;
  bool has_more = false;
  static ConversationItemList from_json(const boost::json::object& o);
};

// client.conversations.items.
class ConversationItemsClient {
 public:
  explicit ConversationItemsClient(RouteCaller call) : call_(std::move(call)) {}
  // At most 20 items; each without an id gets one (msg_..., item_...).
  ConversationItemList create(std::string_view conversation_id, boost::json::array items);
  ConversationItemList list(std::string_view conversation_id, const ConversationItemQuery& query = {});
  boost::json::object retrieve(std::string_view conversation_id, std::string_view item_id);
  DeletedResource remove(std::string_view conversation_id, std::string_view item_id);

 private:
  RouteCaller call_;
};

class ConversationsClient {
 public:
  explicit ConversationsClient(RouteCaller call) : items(call), call_(std::move(call)) {}
  ConversationItemsClient items;

  // params: items (the first ones), metadata.
  Conversation create(const boost::json::object& params = {});
  Conversation retrieve(std::string_view conversation_id);
  // `metadata` replaces the conversation's.
  Conversation update(std::string_view conversation_id, boost::json::object metadata);
  // The conversation with its items.
  DeletedResource remove(std::string_view conversation_id);

 private:
  RouteCaller call_;
};

}  // namespace llama_stack
