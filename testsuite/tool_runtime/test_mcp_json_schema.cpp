// tests/integration/tool_runtime/test_mcp_json_schema.py: see test_mcp.cpp.
#include "testsuite/tool_runtime/tool_runtime_support.hpp"

using llama_stack::testing::skip_needs_mcp_server;

LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_tools_list_with_schemas) { skip_needs_mcp_server(t); }
LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_schema_with_refs_preserved) { skip_needs_mcp_server(t); }
LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_output_schema_preserved) { skip_needs_mcp_server(t); }
LLAMA_STACK_CLASS_TEST(TestMCPToolInvocation, test_invoke_mcp_tool_with_nested_data) { skip_needs_mcp_server(t); }
LLAMA_STACK_CLASS_TEST(TestMCPToolInvocation, test_invoke_with_flexible_schema) { skip_needs_mcp_server(t); }
LLAMA_STACK_CLASS_TEST(TestAgentWithMCPTools, test_agent_with_complex_mcp_tool, "text-model") { skip_needs_mcp_server(t); }
