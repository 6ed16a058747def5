// The remote::tavily-search plugin: descriptor and factory. Behaviour lives
// in tavily_search.cpp.
#include "providers/tool_runtime/tavily_search/tavily_search.hpp"

namespace llama_stack::providers {

namespace {

constexpr ConfigKey kTavilyKeys[] = {
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "TAVILY_SEARCH_API_KEY", .description = "the Tavily API key (or provider data tavily_search_api_key)"},
    {.name = "max_results", .type = ConfigType::integer, .default_value = "3", .description = "results asked of Tavily per search"},
    {.name = "timeout", .type = ConfigType::duration, .default_value = "30", .description = "seconds a search may take", .in_sample = false},
};

}  // namespace

extern const ProviderDescriptor kTavilySearchDescriptor = provider_descriptor(
    "tool_runtime", "remote::tavily-search",
    "web_search through Tavily's search API",
    kTavilyKeys, &make_provider<TavilySearch>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kTavilySearchDescriptor)
