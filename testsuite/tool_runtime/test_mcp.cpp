// tests/integration/tool_runtime/test_mcp.py and test_mcp_json_schema.py:
// every test talks to an MCP server. Their captures (the chat calls of
// test_mcp_invocation) cannot replay without one.
#include "testsuite/tool_runtime/tool_runtime_support.hpp"

LLAMA_STACK_TEST(test_mcp_invocation, "text-model") { llama_stack::testing::skip_needs_mcp_server(t); }
