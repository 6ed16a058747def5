#pragma once
// The conversations API as the stack serves it, with no provider: the
// requests checked as the Python service's models check them, ids minted
// through the stack's IdMinter (conv_, msg_ and item_ followed by 48 hex
// digits, Python's length), the conversations kept in a ConversationsStore.
#include "stack/apis/conversations/conversations_store.hpp"

#include <llama_stack/apis/conversations.hpp>
#include <llama_stack/id_minter.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

class ConversationsRouter final : public ConversationsApi {
 public:
  // `store_settings`: the store's (stack_store_config's answer, or the
  // stack's default). The database is opened at the first request, so a
  // stack that serves no conversation creates no file; settings it cannot
  // use make every route answer UnsupportedError saying why. `now` gives
  // the created_at of what is added (seconds since the epoch).
  ConversationsRouter(IdMinter& ids, const boost::json::object& store_settings,
                      std::function<std::int64_t()> now = {});

  boost::json::object create_conversation(const RequestContext& context,
                                          const boost::json::object& body) override;
  boost::json::object get_conversation(const RequestContext& context,
                                       std::string_view conversation_id) override;
  boost::json::object update_conversation(const RequestContext& context,
                                          std::string_view conversation_id,
                                          const boost::json::object& body) override;
  boost::json::object delete_conversation(const RequestContext& context,
                                          std::string_view conversation_id) override;
  boost::json::object add_items(const RequestContext& context, std::string_view conversation_id,
                                const boost::json::object& body) override;
  boost::json::object list_items(const RequestContext& context, std::string_view conversation_id,
                                 const ConversationItemQuery& query) override;
  boost::json::object retrieve_item(const RequestContext& context, std::string_view conversation_id,
                                    std::string_view item_id) override;
  boost::json::object delete_item(const RequestContext& context, std::string_view conversation_id,
                                  std::string_view item_id) override;

 private:
  ConversationsStore& store();
  // The conversation, checked: InvalidRequestError for an id that is not
  // a conversation id, NotFoundError for one not stored.
  StoredConversation existing(std::string_view operation, std::string_view conversation_id);
  // Python's id length from the minter's ids; never one the store holds
  // (a deterministic minter repeats its ids over a store that outlives the
  // process), nor one of `taken`.
  std::string unused_id(std::string_view prefix, const std::function<bool(const std::string&)>& taken);
  // Mints an id for each item without one. An id given is refused when
  // another conversation holds it, or, for a new conversation (an empty
  // `conversation_id`), when it is given twice.
  void assign_item_ids(std::string_view operation, std::vector<boost::json::object>& items,
                       std::string_view conversation_id);

  IdMinter& ids_;
  std::function<std::int64_t()> now_;
  std::filesystem::path db_path_;
  std::string problem_;  // why no store can be opened; empty when one can
  std::mutex open_mutex_;
  std::unique_ptr<ConversationsStore> store_;
};

}  // namespace llama_stack
