#include "providers/kits/web_search/web_search_provider.hpp"

namespace llama_stack::providers {

namespace json = boost::json;

ToolDef web_search_tool() {
  ToolDef tool;
  tool.name = std::string(kWebSearchToolName);
  tool.description = "Search the web for information";
  tool.input_schema = {
      {"type", "object"},
      {"properties",
       json::object{{"query", json::object{{"type", "string"},
                                           {"description", "The query to search for"}}}}},
      {"required", json::array{"query"}}};
  return tool;
}

namespace {

UpstreamSettings with_context(UpstreamSettings settings, const ProviderContext& context) {
  settings.provider_id = context.provider_id;
  take_api_key(settings, context.config);
  settings.timeout = context.config.duration("timeout");
  return settings;
}

}  // namespace

WebSearchProvider::WebSearchProvider(const ProviderContext& context, UpstreamSettings settings)
    : provider_id_(context.provider_id),
      max_results_(context.config.integer("max_results")),
      upstream_(with_context(std::move(settings), context), context.http) {
  if (max_results_ < 1)
    context.config.fail("max_results", "must be at least 1, got " + std::to_string(max_results_));
}

std::vector<ToolDef> WebSearchProvider::list_runtime_tools(const RequestContext&,
                                                           const ToolGroupSpec&) {
  return {web_search_tool()};
}

ToolInvocationResult WebSearchProvider::invoke_tool(const RequestContext& context,
                                                    const ToolGroupSpec& group,
                                                    const std::string& tool_name,
                                                    const json::object& kwargs) {
  if (tool_name != kWebSearchToolName)
    throw NotFoundError("provider '" + provider_id_ + "' (tool group '" + group.toolgroup_id +
                        "') has no tool '" + tool_name + "'; it serves web_search");
  const json::value* query = kwargs.if_contains("query");
  if (query == nullptr || !query->is_string() || query->as_string().empty())
    throw InvalidRequestError("invoke tool web_search (provider '" + provider_id_ +
                              "'): kwargs 'query' is required and must be a non-empty string");
  return search(context, std::string(query->as_string()));
}

}  // namespace llama_stack::providers
