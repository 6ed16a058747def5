#include "stack/apis/safety/safety_api.hpp"

#include "stack/apis/safety/safety_router.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

json::object shield_json(const ResourceRecord& r) {
  return {{"identifier", r.identifier},
          {"provider_resource_id", r.provider_resource_id},
          {"provider_id", r.provider_id},
          {"type", "shield"},
          {"params", r.params}};
}

namespace {

SafetyRouter& router_of(RouteServices& services) {
  return dynamic_cast<SafetyRouter&>(services.api(kSafetyApiName));
}

json::value violation_json(const RunShieldResponse& response) {
  if (!response.violation) return nullptr;
  const SafetyViolation& v = *response.violation;
  return json::object{{"violation_level", v.violation_level},
                      {"user_message", v.user_message},
                      {"metadata", v.metadata}};
}

RouteResponse run_shield(RouteServices& services, const RouteRequest& request) {
  constexpr std::string_view op = "run shield";
  const std::string shield_id = string_param(request.body, op, "shield_id", true);
  const json::value* messages = request.body.if_contains("messages");
  if (messages == nullptr || !messages->is_array())
    throw InvalidRequestError("run shield: parameter 'messages' is required and must be a list");
  const json::object* params = object_param(request.body, op, "params");
  const auto response = router_of(services).run_shield(
      request.context, shield_id, messages->as_array(), params ? *params : json::object{});
  return {json::object{{"violation", violation_json(response)}}, nullptr};
}

RouteResponse moderations(RouteServices& services, const RouteRequest& request) {
  return {router_of(services).run_moderation(request.context, request.body), nullptr};
}

const std::string& identifier_of(const RouteRequest& request) {
  return request.path_params.at("identifier");
}

RouteResponse list_shields(RouteServices& services, const RouteRequest&) {
  json::array data;
  for (const auto& r : services.resources().list(kShieldKind)) data.push_back(shield_json(r));
  return {json::object{{"data", std::move(data)}}, nullptr};
}

RouteResponse retrieve_shield(RouteServices& services, const RouteRequest& request) {
  return {shield_json(services.resources().get(kShieldKind, identifier_of(request))), nullptr};
}

RouteResponse register_shield(RouteServices& services, const RouteRequest& request) {
  constexpr std::string_view op = "register shield";
  ResourceRecord record;
  record.identifier = string_param(request.body, op, "shield_id", true);
  record.provider_id = string_param(request.body, op, "provider_id", false);
  record.provider_resource_id = string_param(request.body, op, "provider_shield_id", false);
  if (const json::object* params = object_param(request.body, op, "params")) record.params = *params;
  return {shield_json(router_of(services).register_shield(std::move(record))), nullptr};
}

RouteResponse unregister_shield(RouteServices& services, const RouteRequest& request) {
  router_of(services).unregister_shield(identifier_of(request));
  // As models are unregistered here (the Python stack answers null, which
  // our HTTP client refuses as not an object).
  return {json::object{{"id", identifier_of(request)}, {"object", "shield"}, {"deleted", true}},
          nullptr};
}

}  // namespace

void register_safety_api(ApiTable& table) {
  ApiDefinition api;
  api.name = std::string(kSafetyApiName);
  api.provider_interface = "SafetyProvider";
  api.implements = [](const Provider& p) {
    return dynamic_cast<const SafetyProvider*>(&p) != nullptr;
  };
  api.make_router = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    return std::unique_ptr<Api>(std::make_unique<SafetyRouter>(services.resources, providers));
  };
  // The router exists by now; the run config's shields reach their providers.
  api.refresh = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    return SafetyRouter(services.resources, providers).register_config_shields();
  };
  api.routes = {{"POST", "/v1/safety/run-shield", &run_shield},
                {"POST", "/v1/moderations", &moderations},
                {"GET", "/v1/shields", &list_shields},
                {"GET", "/v1/shields/{identifier}", &retrieve_shield},
                {"POST", "/v1/shields", &register_shield},
                {"DELETE", "/v1/shields/{identifier}", &unregister_shield}};
  table.add(std::move(api));
}

}  // namespace llama_stack
