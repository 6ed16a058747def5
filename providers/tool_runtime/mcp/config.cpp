// The remote::model-context-protocol plugin: descriptor and factory.
// Behaviour lives in mcp_tool_runtime.cpp and mcp_session.cpp.
#include "providers/tool_runtime/mcp/mcp_tool_runtime.hpp"

namespace llama_stack::providers::mcp {

namespace {

constexpr ConfigKey kMcpKeys[] = {
    {.name = "timeout", .type = ConfigType::duration, .default_value = "30", .description = "seconds one MCP request may take", .in_sample = false},
};

}  // namespace

LLAMA_STACK_PROVIDER_DESCRIPTOR(kMcpDescriptor, "tool_runtime", "remote::model-context-protocol",
    "the tools of MCP servers (Streamable HTTP transport), one tool group per server URI",
    kMcpKeys, &make_provider<McpToolRuntime>)

}  // namespace llama_stack::providers::mcp
