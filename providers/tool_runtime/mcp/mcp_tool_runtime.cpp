#include "providers/tool_runtime/mcp/mcp_tool_runtime.hpp"

#include <boost/json/serialize.hpp>

namespace llama_stack::providers::mcp {

namespace json = boost::json;

namespace {

// Python's canonicalize_uri: "<netloc>/<path>"; the scheme and the query
// do not tell two entries apart.
std::string canonical(std::string_view uri) {
  const auto scheme = uri.find("://");
  std::string_view rest = scheme == std::string_view::npos ? uri : uri.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("?#"));
  const auto slash = rest.find('/');
  const std::string_view netloc = rest.substr(0, slash);
  const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash);
  return std::string(netloc) + "/" + std::string(path);
}

std::string text_of(const json::value& v) { return v.is_string() ? std::string(v.get_string()) : json::serialize(v); }

}  // namespace

HttpHeaders headers_for(const json::object& provider_data, std::string_view uri) {
  HttpHeaders out;
  const json::value* all = provider_data.if_contains("mcp_headers");
  if (all == nullptr || all->is_null()) return out;
  if (!all->is_object())
    throw InvalidRequestError("provider data 'mcp_headers' must be an object {\"<uri>\": {\"<header>\": \"<value>\"}}");
  const std::string wanted = canonical(uri);
  for (const auto& [key, headers] : all->get_object()) {
    if (!headers.is_object())
      throw InvalidRequestError("provider data 'mcp_headers' entry '" + shown_uri(key) +
                                "' must be an object of header names to strings");
    if (canonical(key) != wanted) continue;
    for (const auto& [name, value] : headers.get_object()) {
      if (!value.is_string())
        throw InvalidRequestError("provider data 'mcp_headers' entry '" + shown_uri(key) + "': header '" +
                                  std::string(name) + "' must be a string");
      out.emplace_back(std::string(name), std::string(value.get_string()));
    }
  }
  return out;
}

ToolInvocationResult invocation_result(const std::string& uri, const json::object& result) {
  const json::value* items = result.if_contains("content");
  if (items == nullptr || !items->is_array())
    throw BadResponseError(uri, 200, "MCP server " + uri + " answered tools/call without a \"content\" list");
  json::array content;
  std::string text;
  for (const auto& item : items->get_array()) {
    const json::value* type = item.is_object() ? item.get_object().if_contains("type") : nullptr;
    const std::string kind = type != nullptr && type->is_string() ? std::string(type->get_string()) : "";
    const auto& o = item.is_object() ? item.get_object() : json::object{};
    if (kind == "text" && o.contains("text")) {
      text += (text.empty() ? "" : "\n") + text_of(o.at("text"));
      content.push_back(json::object{{"type", "text"}, {"text", o.at("text")}});
    } else if (kind == "image" && o.contains("data")) {
      content.push_back(json::object{{"type", "image"}, {"image", json::object{{"data", o.at("data")}}}});
    } else {
      // Audio, resources and links have no InterleavedContent form; dropping
      // them would answer less than the tool said.
      throw UnsupportedError("MCP server " + uri + " answered tools/call with a content item of type '" + kind +
                             "', which the tool runtime cannot pass on (text and image only)");
    }
  }
  ToolInvocationResult out{std::move(content), std::nullopt, 0, std::nullopt};
  const json::value* is_error = result.if_contains("isError");
  if (is_error != nullptr && is_error->is_bool() && is_error->get_bool()) {
    out.error_code = 1;
    out.error_message = text.empty() ? "the MCP tool reported an error without a message" : text;
  }
  return out;
}

McpToolRuntime::McpToolRuntime(const ProviderContext& context)
    : provider_id_(context.provider_id),
      http_(context.http),
      timeout_(context.config.duration("timeout")) {
}

void McpToolRuntime::register_tool_group(const ToolGroupSpec& group) {
  if (!group.mcp_endpoint || group.mcp_endpoint->empty())
    throw InvalidRequestError("register tool group '" + group.toolgroup_id + "': parameter 'mcp_endpoint' is required by provider '" +
                              provider_id_ + "' (remote::model-context-protocol): {\"uri\": \"http://host:port/mcp\"}");
}

Session McpToolRuntime::open_session(const RequestContext& context, const ToolGroupSpec& group) const {
  if (!group.mcp_endpoint || group.mcp_endpoint->empty())
    throw InvalidRequestError("tool group '" + group.toolgroup_id + "' (provider '" + provider_id_ +
                              "') has no mcp_endpoint");
  Session session(
      http_, {provider_id_, *group.mcp_endpoint, headers_for(context.provider_data(), *group.mcp_endpoint), timeout_});
  session.open();
  return session;
}

std::vector<ToolDef> McpToolRuntime::list_runtime_tools(const RequestContext& context, const ToolGroupSpec& group) {
  Session session = open_session(context, group);
  std::vector<ToolDef> tools;
  for (const auto& t : session.list_tools()) {
    const json::object* o = t.if_object();
    const json::value* name = o != nullptr ? o->if_contains("name") : nullptr;
    if (name == nullptr || !name->is_string())
      throw BadResponseError(session.shown_uri(), 200,
                             "MCP server " + session.shown_uri() + " listed a tool without a name: " + json::serialize(t));
    ToolDef def;
    def.name = std::string(name->get_string());
    if (const auto* d = o->if_contains("description"); d && d->is_string()) def.description = std::string(d->get_string());
    if (const auto* s = o->if_contains("inputSchema"); s && s->is_object()) def.input_schema = s->get_object();
    if (const auto* s = o->if_contains("outputSchema"); s && s->is_object()) def.output_schema = s->get_object();
    def.metadata = json::object{{"endpoint", *group.mcp_endpoint}};
    tools.push_back(std::move(def));
  }
  return tools;
}

ToolInvocationResult McpToolRuntime::invoke_tool(const RequestContext& context, const ToolGroupSpec& group,
                                                 const std::string& tool_name, const json::object& kwargs) {
  Session session = open_session(context, group);
  return invocation_result(session.shown_uri(), session.call_tool(tool_name, kwargs));
}

}  // namespace llama_stack::providers::mcp
