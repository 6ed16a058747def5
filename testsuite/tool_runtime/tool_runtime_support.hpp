#pragma once
// Helpers for the tool runtime tests: whether the stack runs a provider, the
// skip of the tests that need an MCP server.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <string>
#include <string_view>

namespace llama_stack::testing {

// The provider_id of a running tool_runtime provider of `provider_type`;
// empty when none runs.
inline std::string running_tool_provider(TestContext& t, std::string_view provider_type) {
  for (const auto& p : t.client().providers.list())
    if (p.api == "tool_runtime" && p.provider_type == provider_type && p.running)
      return p.provider_id;
  return {};
}

[[noreturn]] inline void skip_needs_mcp_server(TestContext& t) {
  t.skip("needs an MCP server and the remote::model-context-protocol tool runtime, which this "
         "project does not build yet");
}

}  // namespace llama_stack::testing
