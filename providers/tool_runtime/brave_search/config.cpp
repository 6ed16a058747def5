// The remote::brave-search plugin: descriptor and factory. Behaviour lives
// in brave_search.cpp.
#include "providers/tool_runtime/brave_search/brave_search.hpp"

namespace llama_stack::providers {

namespace {

constexpr ConfigKey kBraveKeys[] = {
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "BRAVE_SEARCH_API_KEY", .description = "the Brave Search API key (or provider data brave_search_api_key)"},
    {.name = "max_results", .type = ConfigType::integer, .default_value = "3", .description = "ranked results kept per search"},
    {.name = "timeout", .type = ConfigType::duration, .default_value = "30", .description = "seconds a search may take", .in_sample = false},
};

}  // namespace

extern const ProviderDescriptor kBraveSearchDescriptor = provider_descriptor(
    "tool_runtime", "remote::brave-search",
    "web_search through the Brave Search API",
    kBraveKeys, &make_provider<BraveSearch>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kBraveSearchDescriptor)
