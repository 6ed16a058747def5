#include "stack/apis/tool_runtime/tools_client.hpp"

namespace llama_stack {

namespace json = boost::json;

namespace {

std::string text_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

json::object object_of(const json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_object() ? v->as_object() : json::object();
}

ToolGroup to_tool_group(const json::value& v) {
  const auto& o = v.as_object();
  ToolGroup g{text_of(o, "identifier"), text_of(o, "provider_id"),
              text_of(o, "provider_resource_id"), std::nullopt, object_of(o, "args"), o};
  if (const auto uri = text_of(object_of(o, "mcp_endpoint"), "uri"); !uri.empty())
    g.mcp_endpoint = uri;
  return g;
}

Tool to_tool(const json::value& v) {
  const auto& o = v.as_object();
  return {text_of(o, "toolgroup_id"), text_of(o, "name"), text_of(o, "description"),
          object_of(o, "input_schema"), o};
}

std::vector<Tool> tools_of(const RouteResponse& answer) {
  std::vector<Tool> out;
  for (const auto& t : answer.body.as_object().at("data").as_array()) out.push_back(to_tool(t));
  return out;
}

RouteRequest with_query(const char* key, const std::optional<std::string>& value) {
  RouteRequest request;
  if (value) request.query[key] = *value;
  return request;
}

}  // namespace

std::optional<std::string> ToolInvocation::text() const {
  if (content.is_string()) return std::string(content.as_string());
  return std::nullopt;
}

std::vector<ToolGroup> ToolGroupsClient::list() const {
  std::vector<ToolGroup> out;
  const auto answer = call_("GET", "/v1/toolgroups", {}, {});
  for (const auto& g : answer.body.as_object().at("data").as_array())
    out.push_back(to_tool_group(g));
  return out;
}

ToolGroup ToolGroupsClient::get(std::string_view toolgroup_id) const {
  return to_tool_group(call_("GET", "/v1/toolgroups/{toolgroup_id}",
                             {{{"toolgroup_id", std::string(toolgroup_id)}}}, {})
                           .body);
}

ToolGroup ToolGroupsClient::register_group(std::string toolgroup_id, std::string provider_id,
                                      std::optional<std::string> mcp_endpoint,
                                      json::object args) {
  json::object body{{"toolgroup_id", std::move(toolgroup_id)},
                    {"provider_id", std::move(provider_id)}};
  if (mcp_endpoint) body["mcp_endpoint"] = json::object{{"uri", *mcp_endpoint}};
  if (!args.empty()) body["args"] = std::move(args);
  return to_tool_group(call_("POST", "/v1/toolgroups", {{}, std::move(body)}, {}).body);
}

void ToolGroupsClient::unregister(std::string_view toolgroup_id) {
  call_("DELETE", "/v1/toolgroups/{toolgroup_id}",
        {{{"toolgroup_id", std::string(toolgroup_id)}}}, {});
}

std::vector<Tool> ToolsClient::list(std::optional<std::string> toolgroup_id) const {
  return tools_of(call_("GET", "/v1/tools", with_query("toolgroup_id", toolgroup_id), {}));
}

Tool ToolsClient::get(std::string_view tool_name) const {
  return to_tool(
      call_("GET", "/v1/tools/{tool_name}", {{{"tool_name", std::string(tool_name)}}}, {}).body);
}

std::vector<Tool> ToolRuntimeClient::list_tools(std::optional<std::string> tool_group_id) const {
  return list_tools(std::move(tool_group_id), RequestOptions{});
}

std::vector<Tool> ToolRuntimeClient::list_tools(std::optional<std::string> tool_group_id,
                                                const RequestOptions& options) const {
  return tools_of(call_("GET", "/v1/tool-runtime/list-tools",
                        with_query("tool_group_id", tool_group_id), options));
}

ToolInvocation ToolRuntimeClient::invoke_tool(std::string tool_name, json::object kwargs) {
  return invoke_tool(std::move(tool_name), std::move(kwargs), RequestOptions{});
}

ToolInvocation ToolRuntimeClient::invoke_tool(std::string tool_name, json::object kwargs,
                                              const RequestOptions& options) {
  const auto answer =
      call_("POST", "/v1/tool-runtime/invoke",
            {{}, json::object{{"tool_name", std::move(tool_name)}, {"kwargs", std::move(kwargs)}}},
            options);
  const auto& o = answer.body.as_object();
  ToolInvocation result{nullptr, std::nullopt, o};
  if (const auto* c = o.if_contains("content")) result.content = *c;
  if (const auto message = text_of(o, "error_message"); !message.empty())
    result.error_message = message;
  return result;
}

void RagToolClient::insert(json::array documents, std::string vector_store_id, int chunk_size_in_tokens) {
  call_("POST", "/v1/tool-runtime/rag-tool/insert",
        {{}, json::object{{"documents", std::move(documents)},
                          {"vector_store_id", std::move(vector_store_id)},
                          {"chunk_size_in_tokens", chunk_size_in_tokens}}},
        RequestOptions{});
}

RagQueryResult RagToolClient::query(json::value content, std::vector<std::string> vector_store_ids,
                                    std::optional<json::object> query_config) {
  json::array ids;
  for (auto& id : vector_store_ids) ids.emplace_back(std::move(id));
  json::object body{{"content", std::move(content)}, {"vector_db_ids", std::move(ids)}};
  if (query_config) body["query_config"] = std::move(*query_config);
  const auto answer = call_("POST", "/v1/tool-runtime/rag-tool/query", {{}, std::move(body)}, RequestOptions{});
  const auto& o = answer.body.as_object();
  RagQueryResult result{nullptr, object_of(o, "metadata"), o};
  if (const auto* c = o.if_contains("content")) result.content = *c;
  return result;
}

}  // namespace llama_stack
