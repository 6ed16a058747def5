#pragma once
// What the web search providers (remote::tavily-search, remote::brave-search)
// share: the one tool they serve, `web_search(query)`, with the Python
// stack's schema; the query argument checked; their config keys
// (api_key, max_results, timeout); the key's sources (the config, or the caller's provider
// data, as upstream.hpp's ApiKeyRule reads them). Each provider only sends
// the search and shapes the answer.
#include "providers/kits/openai_compat/upstream.hpp"

#include <llama_stack/plugin.hpp>

#include <array>
#include <cstdint>
#include <string>

namespace llama_stack::providers {

inline constexpr std::string_view kWebSearchToolName = "web_search";

// A web search provider's config keys, all read by the kit: the provider
// names only its api_key's environment variable and description.
struct WebSearchKeys {
  std::array<ConfigKey, 3> keys;

  constexpr WebSearchKeys(const char* api_key_env_var, const char* api_key_description)
      : keys{{{.name = "api_key", .type = ConfigType::secret, .default_value = "",
               .env_var = api_key_env_var, .description = api_key_description},
              {.name = "max_results", .type = ConfigType::integer, .default_value = "3",
               .description = "results kept per search"},
              {.name = "timeout", .type = ConfigType::duration, .default_value = "30",
               .description = "seconds a search may take", .in_sample = false}}} {}
  constexpr ConfigSchema schema() const { return keys; }
};

ToolDef web_search_tool();

class WebSearchProvider : public ToolRuntimeProvider {
 public:
  std::vector<ToolDef> list_runtime_tools(const RequestContext& context,
                                          const ToolGroupSpec& group) override;
  // NotFoundError for a tool other than web_search, InvalidRequestError for
  // a missing query; then search().
  ToolInvocationResult invoke_tool(const RequestContext& context, const ToolGroupSpec& group,
                                   const std::string& tool_name,
                                   const boost::json::object& kwargs) override;

 protected:
  // `settings` carries the upstream's URL and its key rule; api_key and
  // provider_id are filled from the context.
  WebSearchProvider(const ProviderContext& context, UpstreamSettings settings);
  // `context` gives the key (upstream().api_key(context) or api_request).
  virtual ToolInvocationResult search(const RequestContext& context, const std::string& query) = 0;

  Upstream& upstream() { return upstream_; }
  const std::string& provider_id() const { return provider_id_; }
  std::int64_t max_results() const { return max_results_; }

 private:
  std::string provider_id_;
  std::int64_t max_results_;
  Upstream upstream_;
};

}  // namespace llama_stack::providers
