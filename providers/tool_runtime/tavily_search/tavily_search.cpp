#include "providers/tool_runtime/tavily_search/tavily_search.hpp"

#include <boost/json/serialize.hpp>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

UpstreamSettings tavily_settings() {
  UpstreamSettings s;
  s.base_url = "https://api.tavily.com";
  s.route_prefix = "";
  s.key = {.config_key = "api_key",
           .provider_data_field = "tavily_search_api_key",
           .required = true};
  s.connection_hint = "is api.tavily.com reachable from here?";
  return s;
}

}  // namespace

TavilySearch::TavilySearch(const ProviderContext& context)
    : WebSearchProvider(context, tavily_settings()) {}

std::string tavily_content(std::string_view provider_id, const json::object& answer) {
  const json::value* query = answer.if_contains("query");
  const json::value* results = answer.if_contains("results");
  if (query == nullptr || results == nullptr || !results->is_array())
    throw StackError("provider '" + std::string(provider_id) +
                     "': Tavily's answer has no \"query\" and \"results\" list: " +
                     json::serialize(answer).substr(0, 200));
  return json::serialize(json::object{{"query", *query}, {"top_k", *results}});
}

ToolInvocationResult TavilySearch::search(const RequestContext& context, const std::string& query) {
  // Built here rather than by Upstream::api_request, which would send the
  // key as a header too: Tavily reads it from the body, as the Python
  // provider sends it.
  const auto& settings = upstream().settings();
  HttpRequest request;
  request.method = "POST";
  request.url = settings.base_url + "/search";
  request.endpoint = "/search";
  request.headers = {{"Content-Type", "application/json"}};
  request.body = json::object{{"api_key", *upstream().api_key(context)},
                              {"query", query},
                              {"max_results", max_results()}};
  request.timeout = settings.timeout;
  request.tls_verify = settings.tls_verify;
  return {json::value(tavily_content(provider_id(), upstream().send_for_object(request))), std::nullopt,
          std::nullopt, std::nullopt};
}

}  // namespace llama_stack::providers
