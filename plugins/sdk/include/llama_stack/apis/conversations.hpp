#pragma once
// OpenAI's conversations API: a conversation (id, created_at, metadata) and
// its items (messages, tool calls) in the order they were added. The stack
// serves it itself, with no provider behind it (as the Python stack's
// built-in conversation service); providers that keep conversations (the
// agents' responses) reach it as a dependency through this interface.
// Parameters and results are OpenAI's JSON shapes.
#include <llama_stack/api.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace llama_stack {

inline constexpr std::string_view kConversationsApiName = "conversations";

// The cursor of a conversation's item list.
struct ConversationItemQuery {
  std::int64_t limit = 20;  // OpenAI's default (1..100)
  std::string after;        // an item id: the page starts after it
  bool ascending = false;   // in the order added; newest first by default
};

// Every call answers InvalidRequestError naming the field for a bad one
// (a conversation id that does not start with conv_, items that are not a
// list or more than 20 of them, metadata over 16 keys or with a value that
// is not a string, an item of no known type) and NotFoundError naming the
// id for an unknown conversation or item.
class ConversationsApi : public Api {
 public:
  // body: items (the first ones), metadata. The conversation object.
  virtual boost::json::object create_conversation(const RequestContext& context,
                                                  const boost::json::object& body) = 0;
  virtual boost::json::object get_conversation(const RequestContext& context,
                                               std::string_view conversation_id) = 0;
  // body: metadata, which replaces the conversation's.
  virtual boost::json::object update_conversation(const RequestContext& context,
                                                  std::string_view conversation_id,
                                                  const boost::json::object& body) = 0;
  // The conversation and its items: {id, object: conversation.deleted, deleted: true}.
  virtual boost::json::object delete_conversation(const RequestContext& context,
                                                  std::string_view conversation_id) = 0;
  // body: items. The items as stored (an id minted for each that had none),
  // as a list page.
  virtual boost::json::object add_items(const RequestContext& context,
                                        std::string_view conversation_id,
                                        const boost::json::object& body) = 0;
  virtual boost::json::object list_items(const RequestContext& context,
                                         std::string_view conversation_id,
                                         const ConversationItemQuery& query) = 0;
  virtual boost::json::object retrieve_item(const RequestContext& context,
                                            std::string_view conversation_id,
                                            std::string_view item_id) = 0;
  // {id, object: conversation.item.deleted, deleted: true}.
  virtual boost::json::object delete_item(const RequestContext& context,
                                          std::string_view conversation_id,
                                          std::string_view item_id) = 0;
};

}  // namespace llama_stack
