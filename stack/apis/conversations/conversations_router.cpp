#include "stack/apis/conversations/conversations_router.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/json_fields.hpp>
#include <llama_stack/openai_list.hpp>
#include <llama_stack/store_settings.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <set>

namespace llama_stack {

namespace json = boost::json;

namespace {

// OpenAI's limits, which the Python request models declare too.
constexpr std::size_t kMaxItems = 20;
constexpr std::size_t kMaxMetadataKeys = 16;

std::int64_t seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// The types of Python's ConversationItem union and the fields each one's
// model requires; any other field is kept as given.
struct ItemShape {
  std::string_view type;
  std::vector<std::string_view> strings;
  std::vector<std::string_view> lists;
};

const std::array<ItemShape, 6>& item_shapes() {
  static const std::array<ItemShape, 6> shapes{{
      {"message", {"role"}, {}},
      {"function_call", {"call_id", "name", "arguments"}, {}},
      {"file_search_call", {"id", "status"}, {"queries"}},
      {"web_search_call", {"id", "status"}, {}},
      {"mcp_call", {"id", "arguments", "name", "server_label"}, {}},
      {"mcp_list_tools", {"id", "server_label"}, {"tools"}},
  }};
  return shapes;
}

std::string item_field(std::string_view operation, std::size_t index, std::string_view key = {}) {
  return std::string(operation) + ": parameter 'items[" + std::to_string(index) + "]" +
         (key.empty() ? std::string() : "." + std::string(key)) + "'";
}

void require_string(const json::object& item, std::string_view operation, std::size_t index,
                    std::string_view key) {
  const json::value* v = item.if_contains(key);
  if (v == nullptr || v->is_null()) throw InvalidRequestError(item_field(operation, index, key) + " is required");
  if (!v->is_string()) throw InvalidRequestError(item_field(operation, index, key) + " must be a string");
}

void check_item(std::string_view operation, std::size_t index, const json::value& value) {
  if (!value.is_object()) throw InvalidRequestError(item_field(operation, index) + " must be an object");
  const json::object& item = value.as_object();
  require_string(item, operation, index, "type");
  const std::string type = string_or_empty(item, "type");
  const auto& shapes = item_shapes();
  const auto shape = std::find_if(shapes.begin(), shapes.end(), [&](const ItemShape& s) { return s.type == type; });
  if (shape == shapes.end()) {
    std::string known;
    for (const auto& s : shapes) known += (known.empty() ? "" : ", ") + std::string(s.type);
    throw InvalidRequestError(item_field(operation, index, "type") + ": '" + type +
                              "' is not a conversation item type (" + known + ")");
  }
  for (std::string_view key : shape->strings) require_string(item, operation, index, key);
  for (std::string_view key : shape->lists) {
    const json::value* list = item.if_contains(key);
    if (list == nullptr || !list->is_array())
      throw InvalidRequestError(item_field(operation, index, key) + " must be a list");
  }
  // Null, or none, is minted.
  if (const json::value* id = item.if_contains("id");
      id != nullptr && !id->is_null() && (!id->is_string() || id->as_string().empty()))
    throw InvalidRequestError(item_field(operation, index, "id") + " must be a non-empty string");
  if (type != "message") return;
  const std::string role = string_or_empty(item, "role");
  if (role != "system" && role != "developer" && role != "user" && role != "assistant")
    throw InvalidRequestError(item_field(operation, index, "role") + " must be system, developer, user or "
                              "assistant, not '" + role + "'");
  const json::value* content = item.if_contains("content");
  if (content == nullptr || !(content->is_string() || content->is_array()))
    throw InvalidRequestError(item_field(operation, index, "content") + " must be a string or a list of parts");
}

// Absent or null is none, unless required.
std::vector<json::object> items_param(const json::object& body, std::string_view operation, bool required) {
  const json::value* items = body.if_contains("items");
  if (items == nullptr || items->is_null()) {
    if (required) throw InvalidRequestError(std::string(operation) + ": parameter 'items' is required");
    return {};
  }
  if (!items->is_array())
    throw InvalidRequestError(std::string(operation) + ": parameter 'items' must be a list");
  const json::array& list = items->as_array();
  if (list.size() > kMaxItems)
    throw InvalidRequestError(std::string(operation) + ": parameter 'items' holds " + std::to_string(list.size()) +
                              " items; at most " + std::to_string(kMaxItems) + " may be added at a time");
  std::vector<json::object> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    check_item(operation, i, list[i]);
    out.push_back(list[i].as_object());
  }
  return out;
}

// Python's Metadata: strings by key, at most 16 of them. Null when absent,
// unless required.
json::value metadata_param(const json::object& body, std::string_view operation, bool required) {
  const json::object* metadata = object_param(body, operation, "metadata");
  const std::string where = std::string(operation) + ": parameter 'metadata'";
  if (metadata == nullptr) {
    if (required) throw InvalidRequestError(where + " is required");
    return nullptr;
  }
  if (metadata->size() > kMaxMetadataKeys)
    throw InvalidRequestError(where + " has " + std::to_string(metadata->size()) + " keys; at most " +
                              std::to_string(kMaxMetadataKeys) + " are allowed");
  for (const auto& [key, value] : *metadata)
    if (!value.is_string())
      throw InvalidRequestError(where + ": the value of '" + std::string(key) + "' must be a string");
  return *metadata;
}

json::object deleted(std::string_view id, std::string_view object) {
  return {{"id", id}, {"object", object}, {"deleted", true}};
}

}  // namespace

ConversationsRouter::ConversationsRouter(IdMinter& ids, const json::object& store_settings,
                                         std::function<std::int64_t()> now)
    : ids_(ids), now_(now ? std::move(now) : std::function<std::int64_t()>(&seconds_now)) {
  try {
    db_path_ = read_store_settings(store_settings, "conversations_store").db_path;
  } catch (const ConfigError& e) {
    problem_ = e.what();
  }
}

ConversationsStore& ConversationsRouter::store() {
  std::lock_guard lock(open_mutex_);
  if (!store_) {
    if (!problem_.empty()) throw UnsupportedError("this stack keeps no conversations: " + problem_);
    store_ = std::make_unique<ConversationsStore>(db_path_);
  }
  return *store_;
}

StoredConversation ConversationsRouter::existing(std::string_view operation, std::string_view conversation_id) {
  if (!conversation_id.starts_with("conv_"))
    throw InvalidRequestError(std::string(operation) + ": invalid 'conversation_id': '" +
                              std::string(conversation_id) + "'. Expected an ID that begins with 'conv_'.");
  auto found = store().find(conversation_id);
  if (!found) throw NotFoundError("conversation '" + std::string(conversation_id) + "' not found");
  return std::move(*found);
}

std::string ConversationsRouter::unused_id(std::string_view prefix,
                                           const std::function<bool(const std::string&)>& taken) {
  // Each try is the minter's next id: enough for a store that the same
  // tests have refilled many times over.
  constexpr int kTries = 10000;
  for (int i = 0; i < kTries; ++i) {
    std::string id(prefix);
    for (int half = 0; half < 2; ++half) id += ids_.mint(prefix).substr(prefix.size());
    if (!taken(id)) return id;
  }
  throw StackError("conversations: the id minter gave no unused " + std::string(prefix) + " id in " +
                   std::to_string(kTries) + " tries");
}

void ConversationsRouter::assign_item_ids(std::string_view operation, std::vector<json::object>& items,
                                          std::string_view conversation_id) {
  ConversationsStore& s = store();
  std::set<std::string> given;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string id = string_or_empty(items[i], "id");
    if (id.empty()) continue;
    // Adding an item again replaces it (Python's add_items); a new
    // conversation's items are inserted, each once.
    if (!given.insert(id).second && conversation_id.empty())
      throw InvalidRequestError(item_field(operation, i, "id") + ": '" + id + "' is given twice");
    if (const auto owner = s.conversation_of_item(id); owner && *owner != conversation_id)
      throw InvalidRequestError(item_field(operation, i, "id") + ": '" + id +
                                "' is an item of another conversation, '" + *owner + "'");
  }
  auto taken = [&](const std::string& id) { return given.contains(id) || s.conversation_of_item(id).has_value(); };
  for (auto& item : items) {
    if (!string_or_empty(item, "id").empty()) continue;
    const std::string id = unused_id(string_or_empty(item, "type") == "message" ? "msg_" : "item_", taken);
    given.insert(id);
    item["id"] = id;
  }
}

json::object ConversationsRouter::create_conversation(const RequestContext&, const json::object& body) {
  constexpr std::string_view op = "create conversation";
  json::value metadata = metadata_param(body, op, false);
  std::vector<json::object> items = items_param(body, op, false);
  ConversationsStore& s = store();
  StoredConversation conversation{
      unused_id("conv_", [&](const std::string& id) { return s.find(id).has_value(); }), now_(),
      std::move(metadata)};
  assign_item_ids(op, items, {});
  s.create(conversation, items, conversation.created_at);
  return conversation.to_json();
}

json::object ConversationsRouter::get_conversation(const RequestContext&, std::string_view conversation_id) {
  return existing("retrieve conversation", conversation_id).to_json();
}

json::object ConversationsRouter::update_conversation(const RequestContext&, std::string_view conversation_id,
                                                      const json::object& body) {
  constexpr std::string_view op = "update conversation";
  StoredConversation conversation = existing(op, conversation_id);
  conversation.metadata = metadata_param(body, op, true);
  if (!store().set_metadata(conversation_id, conversation.metadata))
    throw NotFoundError("conversation '" + std::string(conversation_id) + "' not found");
  return conversation.to_json();
}

json::object ConversationsRouter::delete_conversation(const RequestContext&, std::string_view conversation_id) {
  existing("delete conversation", conversation_id);
  if (!store().remove(conversation_id))
    throw NotFoundError("conversation '" + std::string(conversation_id) + "' not found");
  return deleted(conversation_id, "conversation.deleted");
}

json::object ConversationsRouter::add_items(const RequestContext&, std::string_view conversation_id,
                                            const json::object& body) {
  constexpr std::string_view op = "add conversation items";
  existing(op, conversation_id);
  std::vector<json::object> items = items_param(body, op, true);
  assign_item_ids(op, items, conversation_id);
  store().add_items(conversation_id, items, now_());
  // Python answers every item given, one given twice twice.
  return openai_list(json::array(items.begin(), items.end()), false);
}

json::object ConversationsRouter::list_items(const RequestContext&, std::string_view conversation_id,
                                             const ConversationItemQuery& query) {
  existing("list conversation items", conversation_id);
  return store().list_items(conversation_id, query);
}

json::object ConversationsRouter::retrieve_item(const RequestContext&, std::string_view conversation_id,
                                                std::string_view item_id) {
  existing("retrieve conversation item", conversation_id);
  auto item = store().item(conversation_id, item_id);
  if (!item)
    throw NotFoundError("item '" + std::string(item_id) + "' not found in conversation '" +
                        std::string(conversation_id) + "'");
  return std::move(*item);
}

json::object ConversationsRouter::delete_item(const RequestContext&, std::string_view conversation_id,
                                              std::string_view item_id) {
  existing("delete conversation item", conversation_id);
  if (!store().remove_item(conversation_id, item_id))
    throw NotFoundError("item '" + std::string(item_id) + "' not found in conversation '" +
                        std::string(conversation_id) + "'");
  return deleted(item_id, "conversation.item.deleted");
}

}  // namespace llama_stack
