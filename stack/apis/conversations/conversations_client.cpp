#include "stack/apis/conversations/conversations_client.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/json_fields.hpp>

#include <boost/json.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

constexpr const char* kConversations = "/v1/conversations";
constexpr const char* kConversation = "/v1/conversations/{conversation_id}";
constexpr const char* kItems = "/v1/conversations/{conversation_id}/items";
constexpr const char* kItem = "/v1/conversations/{conversation_id}/items/{item_id}";

// The answer's body, which every route of this API makes an object.
json::object answer(const RouteCaller& call, std::string_view method, std::string_view route, RouteRequest request) {
  RouteResponse response = call(method, route, std::move(request), {});
  if (!response.body.is_object())
    throw StackError(std::string(method) + " " + std::string(route) + ": the answer is not a JSON object");
  return std::move(response.body.as_object());
}

RouteRequest for_conversation(std::string_view id) {
  return RouteRequest(ParamMap{{"conversation_id", std::string(id)}});
}

// A body of one field.
RouteRequest for_conversation(std::string_view id, std::string_view key, json::value value) {
  RouteRequest request = for_conversation(id);
  request.body[key] = std::move(value);
  return request;
}

RouteRequest for_item(std::string_view id, std::string_view item_id) {
  return RouteRequest(ParamMap{{"conversation_id", std::string(id)}, {"item_id", std::string(item_id)}});
}

std::optional<std::string> optional_string(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

}  // namespace

Conversation Conversation::from_json(const json::object& o) {
  Conversation c{string_or_empty(o, "id"), string_or_empty(o, "object"), 0, {}};
  if (const json::value* t = o.if_contains("created_at"); t != nullptr && t->is_number())
    c.created_at = t->to_number<std::int64_t>();
  if (const json::value* m = o.if_contains("metadata"); m != nullptr && m->is_object()) {
    c.metadata.emplace();
    for (const auto& [key, value] : m->as_object())
      if (value.is_string()) (*c.metadata)[std::string(key)] = std::string(value.as_string());
  }
  return c;
}

DeletedResource DeletedResource::from_json(const json::object& o) {
  const json::value* deleted = o.if_contains("deleted");
  return {string_or_empty(o, "id"), string_or_empty(o, "object"),
          deleted != nullptr && deleted->is_bool() && deleted->as_bool()};
}

ConversationItemList ConversationItemList::from_json(const json::object& o) {
  ConversationItemList list{string_or_empty(o, "object"), {}, optional_string(o, "first_id"),
                            optional_string(o, "last_id"), false};
  if (const json::value* data = o.if_contains("data"); data != nullptr && data->is_array())
    for (const auto& item : data->as_array())
      if (item.is_object()) list.data.push_back(item.as_object());
  if (const json::value* more = o.if_contains("has_more"); more != nullptr && more->is_bool())
    list.has_more = more->as_bool();
  return list;
}

Conversation ConversationsClient::create(const json::object& params) {
  return Conversation::from_json(answer(call_, "POST", kConversations, RouteRequest({}, params)));
}

Conversation ConversationsClient::retrieve(std::string_view conversation_id) {
  return Conversation::from_json(answer(call_, "GET", kConversation, for_conversation(conversation_id)));
}

Conversation ConversationsClient::update(std::string_view conversation_id, json::object metadata) {
  return Conversation::from_json(answer(call_, "POST", kConversation,
                                        for_conversation(conversation_id, "metadata", std::move(metadata))));
}

DeletedResource ConversationsClient::remove(std::string_view conversation_id) {
  return DeletedResource::from_json(answer(call_, "DELETE", kConversation, for_conversation(conversation_id)));
}

ConversationItemList ConversationItemsClient::create(std::string_view conversation_id, json::array items) {
  return ConversationItemList::from_json(
      answer(call_, "POST", kItems, for_conversation(conversation_id, "items", std::move(items))));
}

ConversationItemList ConversationItemsClient::list(std::string_view conversation_id,
                                                   const ConversationItemQuery& query) {
  RouteRequest request = for_conversation(conversation_id);
  request.query = {{"limit", std::to_string(query.limit)}, {"order", query.ascending ? "asc" : "desc"}};
  if (!query.after.empty()) request.query["after"] = query.after;
  return ConversationItemList::from_json(answer(call_, "GET", kItems, std::move(request)));
}

json::object ConversationItemsClient::retrieve(std::string_view conversation_id, std::string_view item_id) {
  return answer(call_, "GET", kItem, for_item(conversation_id, item_id));
}

DeletedResource ConversationItemsClient::remove(std::string_view conversation_id, std::string_view item_id) {
  return DeletedResource::from_json(answer(call_, "DELETE", kItem, for_item(conversation_id, item_id)));
}

}  // namespace llama_stack
