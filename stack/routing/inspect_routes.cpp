// What the stack reports about itself: its providers, its health, its
// version and the routes it serves.
#include "stack/routing/stack_routes.hpp"

#include <boost/json.hpp>

#include <set>

namespace llama_stack {

namespace json = boost::json;

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

// An API that takes providers serves its routes only when one of them runs;
// one the stack serves itself, always.
RouteResponse routes(RouteServices& services, const RouteRequest&) {
  const auto providers = services.providers();
  json::array data;
  for (const auto& api : services.apis().apis()) {
    std::set<std::string> types;
    for (const auto& p : providers)
      if (p.api == api.name && p.running) types.insert(p.provider_type);
    if (api.make_router && !api.serves_without_providers && types.empty()) continue;
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

}  // namespace

std::vector<ApiRoute> provider_routes() { return {{"GET", "/v1/providers", &providers}}; }

std::vector<ApiRoute> inspect_routes() {
  return {{"GET", "/v1/health", &health},
          {"GET", "/v1/version", &version},
          {"GET", "/v1/inspect/routes", &routes}};
}

}  // namespace llama_stack
