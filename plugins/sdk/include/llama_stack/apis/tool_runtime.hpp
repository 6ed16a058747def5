#pragma once
// The tool runtime API: tool groups (builtin::websearch, builtin::rag, an MCP
// server's tools) served by providers, their tools listed with JSON schemas,
// a tool invoked by name. Shapes are the Python Llama Stack's ToolDef and
// ToolInvocationResult.
//
// A provider serves every tool group routed to it: the stack keeps the
// groups (run.yaml `tool_groups`, or registered at run time) and hands the
// provider the group a call is about. A provider needing other APIs (a
// RAG runtime searching vector stores) declares them in api_dependencies and
// gets their routers from its ProviderContext; nothing here is specific to
// web search.
#include <llama_stack/api.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

inline constexpr std::string_view kToolRuntimeApiName = "tool_runtime";

// A tool as callers and models see it.
struct ToolDef {
  std::string name;  // "web_search"
  std::string description;
  // JSON Schema of the kwargs (MCP's inputSchema).
  boost::json::object input_schema;
  std::optional<boost::json::object> output_schema;
  std::optional<boost::json::object> metadata;
  // The group it belongs to; the router sets it.
  std::string toolgroup_id;
};

// What a tool answered. `content` is the Python stack's InterleavedContent:
// a string, or a list of content items; web search answers a JSON string.
struct ToolInvocationResult {
  boost::json::value content;
  std::optional<std::string> error_message;
  std::optional<int> error_code;
  std::optional<boost::json::object> metadata;
};

// A tool group as its provider receives it.
struct ToolGroupSpec {
  std::string toolgroup_id;
  std::string provider_resource_id;
  std::optional<std::string> mcp_endpoint;  // the server URI, for MCP groups
  boost::json::object args;
};

// What the stack's router offers callers and dependent providers (an agent
// calling tools).
class ToolRuntimeApi : public Api {
 public:
  // Every tool, or those of one group (NotFoundError naming an unknown one).
  virtual std::vector<ToolDef> list_tools(const RequestContext& context,
                                          const std::optional<std::string>& toolgroup_id) = 0;
  // NotFoundError naming an unknown tool.
  virtual ToolInvocationResult invoke_tool(const RequestContext& context,
                                           const std::string& tool_name,
                                           const boost::json::object& kwargs) = 0;
};

class ToolRuntimeProvider : public Provider {
 public:
  // The tools the provider serves for `group`.
  virtual std::vector<ToolDef> list_runtime_tools(const RequestContext& context,
                                                  const ToolGroupSpec& group) = 0;
  // Runs `tool_name` of `group`. A failure the caller should see as the
  // tool's answer (the model may retry) is an error_message; a misuse (a
  // missing key, a missing argument) throws the stack's error types.
  virtual ToolInvocationResult invoke_tool(const RequestContext& context,
                                           const ToolGroupSpec& group, const std::string& tool_name,
                                           const boost::json::object& kwargs) = 0;
  // Told when a group is registered or unregistered at run time; a provider
  // that keeps no per-group state ignores it. Throwing refuses the
  // registration.
  virtual void register_tool_group(const ToolGroupSpec&) {}
  virtual void unregister_tool_group(std::string_view /*toolgroup_id*/) {}
};

}  // namespace llama_stack
