// tests/integration/tool_runtime/test_builtin_tools.py: the web search tool
// through the stack (list it, invoke it, the Python provider's answer), and
// the tool runtime's listing and errors, which need no upstream.
#include "testsuite/tool_runtime/tool_runtime_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <cstdlib>

namespace {

const char* kSampleSearchQuery = "What are the latest developments in quantum computing?";

bool has_tool(const std::vector<llama_stack::Tool>& tools, std::string_view name) {
  for (const auto& tool : tools)
    if (tool.name == name) return true;
  return false;
}

}  // namespace

LLAMA_STACK_TEST(test_web_search_tool) {
  // As the Python test: the search needs a real key. No exchange with a web
  // search API was ever captured (the captures of tool_runtime hold
  // test_mcp's inference calls only), so there is nothing to replay either.
  if (std::getenv("TAVILY_SEARCH_API_KEY") == nullptr)
    t.skip("TAVILY_SEARCH_API_KEY not set, skipping test (and no web search exchange was "
           "captured to replay)");
  auto& client = t.client();
  REQUIRE(has_tool(client.tool_runtime.list_tools(), "web_search"));
  const auto response = client.tool_runtime.invoke_tool(
      "web_search", {{"query", kSampleSearchQuery}},
      {.provider_data = {{"tavily_search_api_key", std::getenv("TAVILY_SEARCH_API_KEY")}}});
  const auto text = response.text();
  REQUIRE(text);
  REQUIRE(!text->empty());
  const auto content = boost::json::parse(*text).as_object();
  CHECK(content.contains("query"));
  REQUIRE(content.contains("top_k"));
  REQUIRE(!content.at("top_k").as_array().empty());
  const auto& first = content.at("top_k").as_array()[0].as_object();
  CHECK(first.contains("title"));
  CHECK(first.contains("url"));
}

LLAMA_STACK_TEST(test_wolfram_alpha_tool) {
  t.skip("no wolfram_alpha tool: this project has no remote::wolfram-alpha provider");
}

// The tool of the run config's builtin::websearch, with its schema, in both
// listings.
LLAMA_STACK_TEST(test_web_search_tool_is_listed) {
  auto& client = t.client();
  const std::string provider = llama_stack::testing::running_tool_provider(t, "remote::tavily-search");
  if (provider.empty()) t.skip("the stack runs no remote::tavily-search tool runtime");
  const auto group = client.toolgroups.get("builtin::websearch");
  CHECK(group.provider_id == provider);
  for (const auto& tools : {client.tool_runtime.list_tools("builtin::websearch"),
                            client.tools.list("builtin::websearch")}) {
    REQUIRE(tools.size() == 1);
    CHECK(tools[0].name == "web_search");
    CHECK(tools[0].toolgroup_id == "builtin::websearch");
    CHECK(tools[0].input_schema.at("required").as_array() == boost::json::array{"query"});
  }
  CHECK(has_tool(client.tools.list(), "web_search"));
  CHECK(client.tools.get("web_search").description == "Search the web for information");
}

LLAMA_STACK_TEST(test_invoke_unknown_tool_names_it) {
  auto& client = t.client();
  if (llama_stack::testing::running_tool_provider(t, "remote::tavily-search").empty())
    t.skip("the stack runs no remote::tavily-search tool runtime");
  CHECK_THROWS_WITH_AS(client.tool_runtime.invoke_tool("no_such_tool", {}),
                       doctest::Contains("Tool 'no_such_tool' not found"),
                       llama_stack::NotFoundError);
  CHECK_THROWS_WITH_AS(client.tools.get("no_such_tool"),
                       doctest::Contains("Tool 'no_such_tool' not found"),
                       llama_stack::NotFoundError);
}

// Without a key anywhere, the call is refused before any request, naming
// the provider-data field that would carry one.
LLAMA_STACK_TEST(test_web_search_without_key_names_provider_data_field) {
  if (std::getenv("TAVILY_SEARCH_API_KEY") != nullptr)
    t.skip("TAVILY_SEARCH_API_KEY is set: the configured key would be used");
  const std::string provider = llama_stack::testing::running_tool_provider(t, "remote::tavily-search");
  if (provider.empty()) t.skip("the stack runs no remote::tavily-search tool runtime");
  const auto group = t.client().toolgroups.get("builtin::websearch");
  if (group.provider_id != provider) t.skip("builtin::websearch is not served by " + provider);
  CHECK_THROWS_WITH(t.client().tool_runtime.invoke_tool("web_search", {{"query", "q"}}),
                    doctest::Contains("\"tavily_search_api_key\" in the request's provider data"));
}
