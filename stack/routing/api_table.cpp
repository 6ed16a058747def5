#include "stack/routing/api_table.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <set>

namespace llama_stack {

namespace json = boost::json;

void ApiTable::add(ApiDefinition definition) {
  if (find(definition.name) != nullptr)
    throw ConfigError("API '" + definition.name + "' is registered twice");
  apis_.push_back(std::move(definition));
}

const ApiDefinition* ApiTable::find(std::string_view name) const {
  for (const auto& api : apis_)
    if (api.name == name) return &api;
  return nullptr;
}

const ApiRoute* ApiTable::route(std::string_view method, std::string_view path) const {
  for (const auto& api : apis_)
    for (const auto& r : api.routes)
      if (r.method == method && r.path == path) return &r;
  return nullptr;
}

std::string ApiTable::describe_provider_apis() const {
  std::string out;
  for (const auto& api : apis_)
    if (api.make_router) out += (out.empty() ? "" : ", ") + api.name;
  return out.empty() ? "(none)" : out;
}

std::string string_param(const json::object& body, std::string_view operation,
                         std::string_view key, bool required) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (!required) return {};
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' is required");
  }
  if (!v->is_string() || (required && v->as_string().empty()))
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' must be a non-empty string");
  return std::string(v->as_string());
}

json::object model_json(const ModelRecord& r) {
  return {{"id", r.identifier},
          {"object", "model"},
          {"created", 0},
          {"owned_by", r.provider_id},
          {"identifier", r.identifier},
          {"type", "model"},
          {"provider_id", r.provider_id},
          {"provider_resource_id", r.provider_model_id},
          {"model_type", r.model_type},
          {"metadata", r.metadata}};
}

namespace {

RouteResponse health(RouteServices& services, const RouteRequest&) {
  json::array problems;
  for (const auto& p : services.providers())
    if (!p.running) problems.push_back(json::string(p.provider_id + ": " + p.problem));
  json::object out{{"status", problems.empty() ? "OK" : "Degraded"}};
  if (!problems.empty()) out["problems"] = std::move(problems);
  return {std::move(out), nullptr};
}

RouteResponse version(RouteServices& services, const RouteRequest&) {
  return {json::object{{"version", services.version()}}, nullptr};
}

// An API that takes providers serves its routes only when one of them runs.
RouteResponse routes(RouteServices& services, const RouteRequest&) {
  const auto providers = services.providers();
  json::array data;
  for (const auto& api : services.apis().apis()) {
    std::set<std::string> types;
    for (const auto& p : providers)
      if (p.api == api.name && p.running) types.insert(p.provider_type);
    if (api.make_router && types.empty()) continue;
    json::array provider_types;
    for (const auto& t : types) provider_types.push_back(json::string(t));
    for (const auto& route : api.routes)
      data.push_back(json::object{
          {"method", route.method}, {"route", route.path}, {"provider_types", provider_types}});
  }
  return {json::object{{"data", std::move(data)}}, nullptr};
}

RouteResponse providers(RouteServices& services, const RouteRequest&) {
  json::array data;
  for (const auto& p : services.providers()) {
    json::object o{{"api", p.api},
                   {"provider_id", p.provider_id},
                   {"provider_type", p.provider_type},
                   {"running", p.running}};
    if (!p.running) o["problem"] = p.problem;
    data.push_back(std::move(o));
  }
  return {json::object{{"data", std::move(data)}}, nullptr};
}

const std::string& model_id_of(const RouteRequest& request) {
  return request.path_params.at("model_id");
}

RouteResponse list_models(RouteServices& services, const RouteRequest&) {
  json::array data;
  for (const auto& r : services.models().list()) data.push_back(model_json(r));
  return {json::object{{"object", "list"}, {"data", std::move(data)}}, nullptr};
}

RouteResponse retrieve_model(RouteServices& services, const RouteRequest& request) {
  auto r = services.models().find(model_id_of(request));
  if (!r) throw NotFoundError("model '" + model_id_of(request) + "' not found");
  return {model_json(*r), nullptr};
}

RouteResponse register_model(RouteServices& services, const RouteRequest& request) {
  constexpr std::string_view op = "register model";
  const json::object& body = request.body;
  ModelRecord record;
  record.identifier = string_param(body, op, "model_id", true);
  record.provider_id = string_param(body, op, "provider_id", true);
  record.provider_model_id = string_param(body, op, "provider_model_id", false);
  if (record.provider_model_id.empty()) record.provider_model_id = record.identifier;
  if (auto type = string_param(body, op, "model_type", false); !type.empty()) {
    if (type != "llm" && type != "embedding")
      throw InvalidRequestError("register model: parameter 'model_type' must be \"llm\" or "
                                "\"embedding\", got \"" + type + "\"");
    record.model_type = type;
  }
  if (const json::value* m = body.if_contains("metadata"); m && !m->is_null()) {
    if (!m->is_object())
      throw InvalidRequestError("register model: parameter 'metadata' must be an object");
    record.metadata = m->as_object();
  }
  record.registered = true;
  bool runs = false;
  for (const auto& p : services.providers())
    runs = runs || (p.api == "inference" && p.provider_id == record.provider_id && p.running);
  if (!runs)
    throw NotFoundError("cannot register model '" + record.identifier +
                        "': no running inference provider '" + record.provider_id + "'");
  services.models().register_model(record);
  return {model_json(record), nullptr};
}

RouteResponse unregister_model(RouteServices& services, const RouteRequest& request) {
  services.models().unregister_model(model_id_of(request));
  return {json::object{{"id", model_id_of(request)}, {"object", "model"}, {"deleted", true}},
          nullptr};
}

}  // namespace

void register_stack_apis(ApiTable& table) {
  auto routes_only = [&](std::string name, std::vector<ApiRoute> routes) {
    ApiDefinition api;
    api.name = std::move(name);
    api.routes = std::move(routes);
    table.add(std::move(api));
  };
  routes_only("models", {{"GET", "/v1/models", &list_models},
                         {"GET", "/v1/models/{model_id}", &retrieve_model},
                         {"POST", "/v1/models", &register_model},
                         {"DELETE", "/v1/models/{model_id}", &unregister_model}});
  routes_only("providers", {{"GET", "/v1/providers", &providers}});
  routes_only("inspect", {{"GET", "/v1/health", &health},
                          {"GET", "/v1/version", &version},
                          {"GET", "/v1/inspect/routes", &routes}});
}

}  // namespace llama_stack
