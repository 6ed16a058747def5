#include "stack/apis/conversations/conversations_api.hpp"

#include "stack/apis/conversations/conversations_router.hpp"

namespace llama_stack {

namespace {

const std::string& conversation_id(const RouteRequest& request) {
  return request.path_params.at("conversation_id");
}

const std::string& item_id(const RouteRequest& request) { return request.path_params.at("item_id"); }

// OpenAI's cursor: limit (1..100, default 20), after an item id, order
// (desc by default). `include` asks for output data items do not have here.
ConversationItemQuery item_query(const RouteRequest& r) {
  constexpr std::string_view op = "list conversation items";
  ConversationItemQuery query;
  query.limit = integer_query_param(r, op, "limit", 20, 1, 100);
  query.after = query_param(r, "after").value_or("");
  query.ascending = ascending_order_param(r, op);
  return query;
}

// Every route is one call of the router with what the request carries.
using Call = boost::json::object (*)(ConversationsApi&, const RouteRequest&);

RouteHandler answer(Call call) {
  return [call](RouteServices& services, const RouteRequest& request) {
    return RouteResponse(call(dynamic_cast<ConversationsApi&>(services.api(kConversationsApiName)), request),
                         nullptr);
  };
}

}  // namespace

void register_conversations_api(ApiTable& table) {
  ApiDefinition api;
  api.serves_without_providers = true;
  api.name = std::string(kConversationsApiName);
  api.provider_interface = "ConversationsApi";
  api.implements = [](const Provider& p) { return dynamic_cast<const ConversationsApi*>(&p) != nullptr; };
  // Without a conversations_store the store is conversations.db where the
  // stack's own stores go (Python's default is in ~/.llama/distributions).
  api.make_router = [](RouterServices& services, const std::vector<RoutedProvider>&) {
    boost::json::object settings =
        services.store_settings ? services.store_settings("conversations") : boost::json::object{};
    if (settings.empty() && !services.store_dir.empty())
      settings = {{"type", "sqlite"}, {"db_path", services.store_dir + "/conversations.db"}};
    return std::unique_ptr<Api>(std::make_unique<ConversationsRouter>(services.ids, settings));
  };
  // A route with segments after {conversation_id} comes before the routes
  // ending in it: the first route that fits answers, and a last parameter
  // takes the rest of the path.
  const std::string one = "/v1/conversations/{conversation_id}";
  const std::string items = one + "/items";
  using Router = ConversationsApi;
  using Request = const RouteRequest&;
  api.routes = {
      {"GET", items + "/{item_id}",
       answer([](Router& c, Request r) { return c.retrieve_item(r.context, conversation_id(r), item_id(r)); })},
      {"DELETE", items + "/{item_id}",
       answer([](Router& c, Request r) { return c.delete_item(r.context, conversation_id(r), item_id(r)); })},
      {"POST", items,
       answer([](Router& c, Request r) { return c.add_items(r.context, conversation_id(r), r.body); })},
      {"GET", items,
       answer([](Router& c, Request r) { return c.list_items(r.context, conversation_id(r), item_query(r)); })},
      {"POST", "/v1/conversations",
       answer([](Router& c, Request r) { return c.create_conversation(r.context, r.body); })},
      {"GET", one,
       answer([](Router& c, Request r) { return c.get_conversation(r.context, conversation_id(r)); })},
      {"POST", one,
       answer([](Router& c, Request r) { return c.update_conversation(r.context, conversation_id(r), r.body); })},
      {"DELETE", one,
       answer([](Router& c, Request r) { return c.delete_conversation(r.context, conversation_id(r)); })}};
  table.add(std::move(api));
}

}  // namespace llama_stack
