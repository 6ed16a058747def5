#pragma once
// remote::brave-search: web_search through Brave's GET /res/v1/web/search
// (the key in the X-Subscription-Token header, which the replay store
// leaves out of recordings). The answer is the Python provider's selection:
// the first max_results entries of Brave's "mixed.main" ranking, each
// cleaned to its type's fields, one per line. Unlike the Python provider,
// which prints Python dict reprs, each line is JSON, so callers can parse it.
#include "providers/kits/web_search/web_search_provider.hpp"

namespace llama_stack::providers {

class BraveSearch final : public WebSearchProvider {
 public:
  explicit BraveSearch(const ProviderContext& context);

 protected:
  ToolInvocationResult search(const RequestContext& context, const std::string& query) override;
};

// The tool's content for Brave's answer: one JSON line per ranked result
// (an object, or a list for the types Brave groups: faq, videos, news,
// locations); results of types the Python provider does not know are left
// out. Empty when the answer has no ranking.
std::string brave_content(const boost::json::object& answer, std::int64_t max_results);

}  // namespace llama_stack::providers
