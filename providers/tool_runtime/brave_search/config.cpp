// The remote::brave-search plugin: descriptor and factory. Behaviour lives
// in brave_search.cpp.
#include "providers/tool_runtime/brave_search/brave_search.hpp"

namespace llama_stack::providers {

constexpr WebSearchKeys kKeys("BRAVE_SEARCH_API_KEY",
                              "the Brave Search API key (or provider data brave_search_api_key)");

LLAMA_STACK_PROVIDER_DESCRIPTOR(kBraveSearchDescriptor, "tool_runtime", "remote::brave-search",
    "web_search through the Brave Search API",
    kKeys.schema(), &make_provider<BraveSearch>)

}  // namespace llama_stack::providers
