#include "stack/apis/tool_runtime/tool_runtime_api.hpp"

#include "stack/apis/tool_runtime/tool_runtime_router.hpp"

#include <llama_stack/apis/tool_runtime.hpp>
#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

ToolRuntimeRouter& router_of(RouteServices& services) {
  return dynamic_cast<ToolRuntimeRouter&>(services.api(kToolRuntimeApiName));
}

const std::string& path_param(const RouteRequest& request, const char* name) {
  return request.path_params.at(name);
}

json::object tools_answer(const std::vector<ToolDef>& tools) {
  json::array data;
  for (const auto& t : tools) data.push_back(tool_def_json(t));
  return {{"data", std::move(data)}};
}

// The Python client sends {"uri": "..."}; a bare URL string is accepted too.
std::optional<std::string> mcp_endpoint_param(const json::object& body, const std::string& op) {
  const json::value* v = body.if_contains("mcp_endpoint");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_object())
    if (const auto* uri = v->as_object().if_contains("uri"); uri && uri->is_string())
      return std::string(uri->as_string());
  throw InvalidRequestError(op + ": parameter 'mcp_endpoint' must be {\"uri\": \"<url>\"}");
}

RouteResponse list_tool_groups(RouteServices& services, const RouteRequest&) {
  json::array data;
  for (const auto& g : services.resources().list(kToolGroupKind)) data.push_back(tool_group_json(g));
  return {json::object{{"data", std::move(data)}}, nullptr};
}

RouteResponse get_tool_group(RouteServices& services, const RouteRequest& request) {
  return {tool_group_json(
              ToolRuntimeRouter::tool_group(services.resources(), path_param(request, "toolgroup_id"))),
          nullptr};
}

// Register and unregister answer the group (the Python stack answers null,
// which its client ignores; our clients take a JSON object).
RouteResponse register_tool_group(RouteServices& services, const RouteRequest& request) {
  const std::string op = "register tool group";
  ToolGroupRegistration r;
  r.toolgroup_id = string_param(request.body, op, "toolgroup_id", true);
  r.provider_id = string_param(request.body, op, "provider_id", true);
  r.mcp_endpoint = mcp_endpoint_param(request.body, op);
  if (const json::object* args = object_param(request.body, op, "args")) r.args = *args;
  router_of(services).register_tool_group(r);
  return {tool_group_json(ToolRuntimeRouter::tool_group(services.resources(), r.toolgroup_id)),
          nullptr};
}

RouteResponse unregister_tool_group(RouteServices& services, const RouteRequest& request) {
  const std::string& id = path_param(request, "toolgroup_id");
  // An unknown group is 404 even when no tool_runtime provider runs.
  const ResourceRecord removed = ToolRuntimeRouter::tool_group(services.resources(), id);
  router_of(services).unregister_tool_group(id);
  return {tool_group_json(removed), nullptr};
}

// The group filter of GET /v1/tools; an unknown group is 404 (the Python
// stack's ToolGroupNotFoundError) before the providers are asked.
std::vector<ToolDef> listed_tools(RouteServices& services, const RequestContext& context,
                                  const std::optional<std::string>& group) {
  if (group) ToolRuntimeRouter::tool_group(services.resources(), *group);
  return router_of(services).list_tools(context, group);
}

RouteResponse list_tools(RouteServices& services, const RouteRequest& request) {
  return {tools_answer(listed_tools(services, request.context, query_param(request, "toolgroup_id"))), nullptr};
}

RouteResponse get_tool(RouteServices& services, const RouteRequest& request) {
  return {tool_def_json(router_of(services).get_tool(request.context, path_param(request, "tool_name"))), nullptr};
}

RouteResponse list_runtime_tools(RouteServices& services, const RouteRequest& request) {
  return {tools_answer(listed_tools(services, request.context, query_param(request, "tool_group_id"))), nullptr};
}

RouteResponse invoke_tool(RouteServices& services, const RouteRequest& request) {
  const std::string op = "invoke tool";
  const std::string name = string_param(request.body, op, "tool_name", true);
  const json::object* kwargs = object_param(request.body, op, "kwargs");
  return {
      tool_invocation_json(router_of(services).invoke_tool(request.context, name, kwargs ? *kwargs : json::object{})),
      nullptr};
}

// The Python stack's RAG tool routes (RAGToolRuntime), reached as Python
// reaches them: through the provider serving the tool of that name
// (insert_into_memory, knowledge_search), which reads the body.
RouteResponse rag_tool_insert(RouteServices& services, const RouteRequest& request) {
  const json::value* documents = request.body.if_contains("documents");
  if (documents == nullptr || documents->is_null())
    throw InvalidRequestError("rag-tool insert: parameter 'documents' is required");
  router_of(services).invoke_tool(request.context, "insert_into_memory", request.body);
  // Python answers null, which its client ignores; our clients take a JSON object.
  return {json::object{}, nullptr};
}

// Answers Python's RAGQueryResult: content null when nothing was found,
// metadata {document_ids, chunks, scores, vector_db_ids} ({} then).
RouteResponse rag_tool_query(RouteServices& services, const RouteRequest& request) {
  const std::string op = "rag-tool query";
  const json::value* content = request.body.if_contains("content");
  if (content == nullptr || content->is_null())
    throw InvalidRequestError(op + ": parameter 'content' is required");
  const json::value* ids = nullptr;
  for (const char* key : {"vector_db_ids", "vector_store_ids"})
    if (const json::value* v = request.body.if_contains(key); v != nullptr && !v->is_null()) {
      ids = v;
      break;
    }
  if (ids == nullptr) throw InvalidRequestError(op + ": parameter 'vector_db_ids' (or 'vector_store_ids') is required");
  json::object kwargs{{"query", *content}, {"vector_db_ids", *ids}};
  if (const json::value* c = request.body.if_contains("query_config"); c != nullptr && !c->is_null())
    kwargs["query_config"] = *c;
  ToolInvocationResult found = router_of(services).invoke_tool(request.context, "knowledge_search", kwargs);
  json::object metadata = found.metadata.value_or(json::object{});
  metadata.erase("citation_files");  // invoke_tool's addition, not the query's
  const bool none = found.content.is_array() && found.content.as_array().empty();
  return {json::object{{"content", none ? json::value(nullptr) : std::move(found.content)},
                       {"metadata", std::move(metadata)}},
          nullptr};
}

}  // namespace

void register_tool_runtime_api(ApiTable& table) {
  ApiDefinition api;
  api.name = std::string(kToolRuntimeApiName);
  api.provider_interface = "ToolRuntimeProvider";
  api.implements = [](const Provider& p) {
    return dynamic_cast<const ToolRuntimeProvider*>(&p) != nullptr;
  };
  api.make_router = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    auto router = std::make_unique<ToolRuntimeRouter>(services.resources);
    for (const auto& p : providers)
      router->add_provider(p.provider_id, dynamic_cast<ToolRuntimeProvider&>(*p.provider));
    return std::unique_ptr<Api>(std::move(router));
  };
  api.routes = {{"GET", "/v1/toolgroups", &list_tool_groups},
                {"GET", "/v1/toolgroups/{toolgroup_id}", &get_tool_group},
                {"POST", "/v1/toolgroups", &register_tool_group},
                {"DELETE", "/v1/toolgroups/{toolgroup_id}", &unregister_tool_group},
                {"GET", "/v1/tools", &list_tools},
                {"GET", "/v1/tools/{tool_name}", &get_tool},
                {"GET", "/v1/tool-runtime/list-tools", &list_runtime_tools},
                {"POST", "/v1/tool-runtime/invoke", &invoke_tool},
                {"POST", "/v1/tool-runtime/rag-tool/insert", &rag_tool_insert},
                {"POST", "/v1/tool-runtime/rag-tool/query", &rag_tool_query}};
  table.add(std::move(api));
}

}  // namespace llama_stack
