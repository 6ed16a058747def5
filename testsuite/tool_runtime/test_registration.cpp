// tests/integration/tool_runtime/test_registration.py, against the loopback
// MCP test double (testsuite/support/mcp_test_server) with the Python
// fixture's default tools; and registration with the web search provider.
#include "testsuite/support/mcp_test_server.hpp"
#include "testsuite/tool_runtime/tool_runtime_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

namespace {

// After unregistering, the group and its tools are gone, with Python's message.
void check_tool_group_gone(llama_stack::LlamaStackClient& client, const std::string& id) {
  const std::string message = "Tool Group '" + id +
                              "' not found. Use 'client.toolgroups.list()' to list available Tool Groups.";
  CHECK_THROWS_WITH_AS(client.toolgroups.get(id), doctest::Contains(message.c_str()),
                       llama_stack::NotFoundError);
  CHECK_THROWS_WITH_AS(client.tools.list(id), doctest::Contains(message.c_str()),
                       llama_stack::NotFoundError);
}

}  // namespace

LLAMA_STACK_TEST(test_register_and_unregister_toolgroup) {
  auto& client = t.client();
  const std::string provider_id = llama_stack::testing::mcp_provider_or_skip(t);
  const std::string id = "mcp::localmcp";  // the Python tests' MCP_TOOLGROUP_ID
  llama_stack::testing::McpTestServer server({llama_stack::testing::default_mcp_tools()});
  llama_stack::testing::UnregisterAtEnd cleanup(client, id);
  for (const auto& group : client.toolgroups.list())
    if (group.identifier == id) client.toolgroups.unregister(id);

  client.toolgroups.register_group(id, provider_id, server.url());
  const auto registered = client.toolgroups.get(id);
  CHECK(registered.identifier == id);
  CHECK(registered.provider_id == provider_id);
  CHECK(registered.mcp_endpoint == server.url());

  const auto tools = client.tools.list(id);
  REQUIRE_FALSE(tools.empty());
  CHECK(tools.size() == 2);  // ours: the server's two tools
  CHECK(tools[0].name == "greet_everyone");

  client.toolgroups.unregister(id);
  check_tool_group_gone(client, id);
}

// The Python test's steps and messages with the tavily-search provider.
LLAMA_STACK_TEST(test_register_and_unregister_web_search_toolgroup) {
  auto& client = t.client();
  const std::string provider = llama_stack::testing::running_tool_provider(t, "remote::tavily-search");
  if (provider.empty()) t.skip("the stack runs no remote::tavily-search tool runtime");
  const std::string id = "test::websearch";
  for (const auto& group : client.toolgroups.list())
    if (group.identifier == id) client.toolgroups.unregister(id);

  CHECK(client.toolgroups.register_group(id, provider).identifier == id);
  const auto registered = client.toolgroups.get(id);
  CHECK(registered.identifier == id);
  CHECK(registered.provider_id == provider);
  const auto tools = client.tools.list(id);
  REQUIRE(tools.size() == 1);
  CHECK(tools[0].toolgroup_id == id);

  client.toolgroups.unregister(id);
  check_tool_group_gone(client, id);
}

LLAMA_STACK_TEST(test_register_toolgroup_with_unknown_provider_names_it) {
  auto& client = t.client();
  if (llama_stack::testing::running_tool_provider(t, "remote::tavily-search").empty())
    t.skip("the stack runs no remote::tavily-search tool runtime");
  CHECK_THROWS_WITH_AS(client.toolgroups.register_group("test::nowhere", "no-such-provider"),
                       doctest::Contains("no tool_runtime provider 'no-such-provider'"),
                       llama_stack::InvalidRequestError);
}
