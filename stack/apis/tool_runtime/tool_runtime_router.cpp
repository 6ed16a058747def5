#include "stack/apis/tool_runtime/tool_runtime_router.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

NotFoundError tool_not_found(std::string_view tool_name) {
  return NotFoundError("Tool '" + std::string(tool_name) +
                       "' not found. Use 'client.tools.list()' to list available Tools.");
}

json::value optional_object(const std::optional<json::object>& o) {
  return o ? json::value(*o) : json::value(nullptr);
}

}  // namespace

ToolGroupSpec tool_group_spec(const ResourceRecord& record) {
  ToolGroupSpec spec{record.identifier, record.provider_resource_id, std::nullopt, {}};
  if (const auto* uri = record.params.if_contains("mcp_endpoint"); uri && uri->is_string())
    spec.mcp_endpoint = std::string(uri->as_string());
  if (const auto* args = record.params.if_contains("args"); args && args->is_object())
    spec.args = args->as_object();
  return spec;
}

json::object tool_group_json(const ResourceRecord& record) {
  const ToolGroupSpec spec = tool_group_spec(record);
  return {{"identifier", record.identifier},
          {"provider_resource_id", record.provider_resource_id},
          {"provider_id", record.provider_id},
          {"type", "tool_group"},
          {"mcp_endpoint",
           spec.mcp_endpoint ? json::value(json::object{{"uri", *spec.mcp_endpoint}})
                             : json::value(nullptr)},
          {"args", spec.args.empty() ? json::value(nullptr) : json::value(spec.args)}};
}

json::object tool_def_json(const ToolDef& tool) {
  return {{"toolgroup_id", tool.toolgroup_id},
          {"name", tool.name},
          {"description", tool.description},
          {"input_schema", tool.input_schema},
          {"output_schema", optional_object(tool.output_schema)},
          {"metadata", optional_object(tool.metadata)}};
}

json::object tool_invocation_json(const ToolInvocationResult& result) {
  return {{"content", result.content},
          {"error_message", result.error_message ? json::value(*result.error_message)
                                                 : json::value(nullptr)},
          {"error_code", result.error_code ? json::value(*result.error_code) : json::value(nullptr)},
          {"metadata", optional_object(result.metadata)}};
}

void ToolRuntimeRouter::add_provider(std::string provider_id, ToolRuntimeProvider& provider) {
  providers_[std::move(provider_id)] = &provider;
}

ResourceRecord ToolRuntimeRouter::tool_group(const ResourceTable& resources,
                                             std::string_view toolgroup_id) {
  if (auto found = resources.find(kToolGroupKind, toolgroup_id)) return *found;
  throw NotFoundError("Tool Group '" + std::string(toolgroup_id) +
                      "' not found. Use 'client.toolgroups.list()' to list available Tool Groups.");
}

std::string ToolRuntimeRouter::running_providers() const {
  std::string out;
  for (const auto& [id, p] : providers_) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "none" : out;
}

ToolRuntimeProvider* ToolRuntimeRouter::provider_of(const ResourceRecord& group) const {
  auto it = providers_.find(group.provider_id);
  return it == providers_.end() ? nullptr : it->second;
}

std::vector<ToolDef> ToolRuntimeRouter::tools_of(const RequestContext& context,
                                                 const ResourceRecord& group,
                                                 ToolRuntimeProvider& provider) const {
  auto tools = provider.list_runtime_tools(context, tool_group_spec(group));
  for (auto& t : tools) t.toolgroup_id = group.identifier;
  return tools;
}

void ToolRuntimeRouter::register_tool_group(const ToolGroupRegistration& registration) {
  const std::string op = "register tool group";
  if (registration.toolgroup_id.empty())
    throw InvalidRequestError(op + ": parameter 'toolgroup_id' is required");
  if (resources_.find(kToolGroupKind, registration.toolgroup_id))
    throw InvalidRequestError(op + ": parameter 'toolgroup_id': tool group '" +
                              registration.toolgroup_id +
                              "' exists already; unregister it first to replace it");
  ResourceRecord record{std::string(kToolGroupKind), registration.toolgroup_id,
                        registration.provider_id, registration.toolgroup_id,
                        {{"args", registration.args}}, false};
  if (registration.mcp_endpoint) record.params["mcp_endpoint"] = *registration.mcp_endpoint;
  ToolRuntimeProvider* provider = provider_of(record);
  if (provider == nullptr)
    throw InvalidRequestError(op + " '" + registration.toolgroup_id +
                              "': parameter 'provider_id': no tool_runtime provider '" +
                              registration.provider_id + "' runs (running: " +
                              running_providers() + ")");
  provider->register_tool_group(tool_group_spec(record));
  resources_.add(std::move(record));
}

void ToolRuntimeRouter::unregister_tool_group(std::string_view toolgroup_id) {
  const ResourceRecord group = tool_group(resources_, toolgroup_id);
  if (ToolRuntimeProvider* provider = provider_of(group))
    provider->unregister_tool_group(group.identifier);
  resources_.remove(kToolGroupKind, group.identifier);
}

std::vector<ToolDef> ToolRuntimeRouter::list_tools(const RequestContext& context,
                                                   const std::optional<std::string>& toolgroup_id) {
  if (toolgroup_id) {
    const ResourceRecord group = tool_group(resources_, *toolgroup_id);
    ToolRuntimeProvider* provider = provider_of(group);
    if (provider == nullptr)
      throw NotFoundError("tool group '" + group.identifier + "' is served by provider '" +
                          group.provider_id + "', which is not a running tool_runtime provider (" +
                          "running: " + running_providers() + ")");
    return tools_of(context, group, *provider);
  }
  std::vector<ToolDef> all;
  for (const auto& group : resources_.list(kToolGroupKind))
    if (ToolRuntimeProvider* provider = provider_of(group))
      for (auto& t : tools_of(context, group, *provider)) all.push_back(std::move(t));
  return all;
}

ToolDef ToolRuntimeRouter::get_tool(const RequestContext& context, std::string_view tool_name) {
  for (auto& t : list_tools(context, std::nullopt))
    if (t.name == tool_name) return t;
  throw tool_not_found(tool_name);
}

ToolInvocationResult ToolRuntimeRouter::invoke_tool(const RequestContext& context,
                                                    const std::string& tool_name,
                                                    const json::object& kwargs) {
  // The first group listing the tool serves it, in the order groups were added.
  for (const auto& group : resources_.list(kToolGroupKind)) {
    ToolRuntimeProvider* provider = provider_of(group);
    if (provider == nullptr) continue;
    for (const auto& t : provider->list_runtime_tools(context, tool_group_spec(group)))
      if (t.name == tool_name)
        return provider->invoke_tool(context, tool_group_spec(group), tool_name, kwargs);
  }
  throw tool_not_found(tool_name);
}

}  // namespace llama_stack
