#pragma once
// remote::tavily-search: web_search through Tavily's POST /search, which
// takes the key in the JSON body ("api_key"; the replay store redacts body
// fields so named, and keys its recordings on the redacted body). The
// answer is the Python provider's: {"query": ..., "top_k": Tavily's results}
// as a JSON string.
#include "providers/kits/web_search/web_search_provider.hpp"

namespace llama_stack::providers {

class TavilySearch final : public WebSearchProvider {
 public:
  explicit TavilySearch(const ProviderContext& context);

 protected:
  ToolInvocationResult search(const RequestContext& context, const std::string& query) override;
};

// Tavily's answer as the tool's content; StackError naming the provider when
// it lacks "query" or "results".
std::string tavily_content(std::string_view provider_id, const boost::json::object& answer);

}  // namespace llama_stack::providers
