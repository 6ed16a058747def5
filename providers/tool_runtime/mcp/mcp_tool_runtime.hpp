#pragma once
// remote::model-context-protocol: the tools of an MCP server as a tool
// group. The group's mcp_endpoint is the server's URI; each listing and
// each call opens its own session (initialize, notifications/initialized,
// then tools/list or tools/call), as the Python provider does, so the
// provider keeps no state between requests. The caller's credentials come
// per request in provider data, as the Python stack reads them:
//   {"mcp_headers": {"<uri>": {"Authorization": "Bearer ..."}}}
// The headers of the entry whose URI matches the group's (host and path,
// as Python compares them) are sent with every request of the session.
#include "providers/tool_runtime/mcp/mcp_session.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::providers::mcp {

class McpToolRuntime final : public ToolRuntimeProvider {
 public:
  explicit McpToolRuntime(const ProviderContext& context);

  // ToolDefs with the server's inputSchema and outputSchema kept as sent
  // ($defs, $ref, anyOf and all) and metadata {"endpoint": uri}.
  std::vector<ToolDef> list_runtime_tools(const RequestContext& context,
                                          const ToolGroupSpec& group) override;
  // tools/call; content items as the Python stack's (text, image); a result
  // with isError is an answer with error_code 1 and error_message the text.
  ToolInvocationResult invoke_tool(const RequestContext& context, const ToolGroupSpec& group,
                                   const std::string& tool_name,
                                   const boost::json::object& kwargs) override;
  // Refuses a group without mcp_endpoint.
  void register_tool_group(const ToolGroupSpec& group) override;

 private:
  // With the headers the request of `context` gives for the group's server.
  Session open_session(const RequestContext& context, const ToolGroupSpec& group) const;

  std::string provider_id_;
  HttpClient& http_;
  std::chrono::milliseconds timeout_;
};

// The headers `mcp_headers` (provider data) gives for `uri`. InvalidRequestError
// naming the field when it is not {uri: {header: string}}.
HttpHeaders headers_for(const boost::json::object& provider_data, std::string_view uri);

// A CallToolResult as the Python stack answers it.
ToolInvocationResult invocation_result(const std::string& uri, const boost::json::object& result);

}  // namespace llama_stack::providers::mcp
