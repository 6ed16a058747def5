// The remote::tavily-search plugin: descriptor and factory. Behaviour lives
// in tavily_search.cpp.
#include "providers/tool_runtime/tavily_search/tavily_search.hpp"

namespace llama_stack::providers {

constexpr WebSearchKeys kKeys("TAVILY_SEARCH_API_KEY",
                              "the Tavily API key (or provider data tavily_search_api_key)");

LLAMA_STACK_PROVIDER_DESCRIPTOR(kTavilySearchDescriptor, "tool_runtime", "remote::tavily-search",
    "web_search through Tavily's search API",
    kKeys.schema(), &make_provider<TavilySearch>)

}  // namespace llama_stack::providers
