#pragma once
// The tool runtime's router: tool groups live in the stack's ResourceTable
// (kind "tool_group"), each naming the provider that serves it; tools are
// asked of the providers of the groups, and a tool is invoked on the
// provider of the group that lists it. Nothing is cached: the built-in
// providers answer their tool lists without the network, and a group's
// tools can change (an MCP server) between calls.
#include "stack/routing/resource_table.hpp"

#include <llama_stack/apis/tool_runtime.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

inline constexpr std::string_view kToolGroupKind = "tool_group";

// What POST /v1/toolgroups takes.
struct ToolGroupRegistration {
  std::string toolgroup_id;
  std::string provider_id;
  std::optional<std::string> mcp_endpoint;
  boost::json::object args;
};

class ToolRuntimeRouter final : public ToolRuntimeApi {
 public:
  explicit ToolRuntimeRouter(ResourceTable& resources) : resources_(resources) {}
  void add_provider(std::string provider_id, ToolRuntimeProvider& provider);

  // The Python stack's messages: "Tool Group 'x' not found. Use
  // 'client.toolgroups.list()' to list available Tool Groups."
  static ResourceRecord tool_group(const ResourceTable& resources, std::string_view toolgroup_id);
  // InvalidRequestError naming the parameter for an unknown provider or an
  // id registered already; the provider may refuse too.
  void register_tool_group(const ToolGroupRegistration& registration);
  void unregister_tool_group(std::string_view toolgroup_id);

  // Without a group: the tools of every group whose provider runs (a group
  // of a provider that is not configured, such as builtin::rag without a
  // RAG runtime, lists nothing). With one: its tools, NotFoundError when it
  // is unknown or its provider does not run.
  std::vector<ToolDef> list_tools(const RequestContext& context,
                                  const std::optional<std::string>& toolgroup_id) override;
  ToolDef get_tool(const RequestContext& context, std::string_view tool_name);
  ToolInvocationResult invoke_tool(const RequestContext& context, const std::string& tool_name,
                                   const boost::json::object& kwargs) override;

 private:
  ToolRuntimeProvider* provider_of(const ResourceRecord& group) const;
  std::vector<ToolDef> tools_of(const RequestContext& context, const ResourceRecord& group,
                                ToolRuntimeProvider& provider) const;
  std::string running_providers() const;

  ResourceTable& resources_;
  std::map<std::string, ToolRuntimeProvider*, std::less<>> providers_;
};

// A tool group as the Python stack's ToolGroup resource.
boost::json::object tool_group_json(const ResourceRecord& record);
// The provider's view of a group record.
ToolGroupSpec tool_group_spec(const ResourceRecord& record);
boost::json::object tool_def_json(const ToolDef& tool);
boost::json::object tool_invocation_json(const ToolInvocationResult& result);

}  // namespace llama_stack
