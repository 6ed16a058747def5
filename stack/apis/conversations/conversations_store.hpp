#pragma once
// The stack's store of conversations (run.yaml `conversations_store`, or the
// newer `storage.stores.conversations`): each conversation and its items in
// SQLite, in the Python stack's tables and columns (openai_conversations:
// id, created_at, items, metadata; conversation_items: id, conversation_id,
// created_at, item_data), so that either stack reads a conversations.db the
// other wrote. Items are ordered by created_at, which the store keeps
// strictly increasing within a conversation, as Python's add_items spaces
// the items of one call a second apart to keep their order.
#include "stack/sqlite/sqlite_database.hpp"

#include <llama_stack/apis/conversations.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct StoredConversation {
  std::string id;
  std::int64_t created_at = 0;
  boost::json::value metadata;  // an object, or null when none was given
  // OpenAI's conversation object.
  boost::json::object to_json() const;
};

class ConversationsStore {
 public:
  explicit ConversationsStore(const std::filesystem::path& db_path);

  // The conversation and its first items (each with its id), all or none.
  // A stored row is never replaced: an id held already (the conversation's,
  // or an item's in any conversation) is a StackError naming it.
  void create(const StoredConversation& conversation, const std::vector<boost::json::object>& items,
              std::int64_t now);
  std::optional<StoredConversation> find(std::string_view conversation_id);
  // False when there is no such conversation.
  bool set_metadata(std::string_view conversation_id, const boost::json::value& metadata);
  // The conversation with its items; false when there is none.
  bool remove(std::string_view conversation_id);

  // Appends `items` (each with its id) to the conversation, all or none. An
  // item whose id the conversation holds is replaced and moves to the end:
  // Python's add_items updates an item it cannot insert. An id another
  // conversation holds is a StackError naming it (Python would rewrite that
  // conversation's item).
  void add_items(std::string_view conversation_id, const std::vector<boost::json::object>& items,
                 std::int64_t now);
  // The conversation holding `item_id`, if any (item ids are unique across
  // conversations, as Python's primary key makes them).
  std::optional<std::string> conversation_of_item(std::string_view item_id);
  // OpenAI's list page; NotFoundError when `after` names no item of the
  // conversation.
  boost::json::object list_items(std::string_view conversation_id, const ConversationItemQuery& query);
  std::optional<boost::json::object> item(std::string_view conversation_id, std::string_view item_id);
  bool remove_item(std::string_view conversation_id, std::string_view item_id);

 private:
  // The created_at after which the conversation's next item goes.
  std::int64_t last_item_time(std::string_view conversation_id);
  std::optional<std::string> owner_of(std::string_view item_id);
  void insert_item(std::string_view conversation_id, const boost::json::object& item,
                   std::int64_t created_at);

  std::mutex mutex_;
  SqliteDatabase db_;
};

}  // namespace llama_stack
