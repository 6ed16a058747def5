#include "stack/routing/api_table.hpp"

#include "stack/routing/inference_api.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

ApiTable ApiTable::builtin() {
  ApiTable table;
  register_inference_api(table);
  register_stack_apis(table);
  return table;
}

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

std::string ApiTable::describe_provider_apis() const {
  std::string out;
  for (const auto& api : apis_)
    if (api.make_router) out += (out.empty() ? "" : ", ") + api.name;
  return out.empty() ? "(none)" : out;
}

void register_stack_apis(ApiTable& table) {
  auto routes_only = [&](std::string name, std::vector<ApiRoute> routes) {
    ApiDefinition api;
    api.name = std::move(name);
    api.routes = std::move(routes);
    table.add(std::move(api));
  };
  routes_only("models", {{"GET", "/v1/models"},
                         {"GET", "/v1/models/{model_id}"},
                         {"POST", "/v1/models"},
                         {"DELETE", "/v1/models/{model_id}"}});
  routes_only("providers", {{"GET", "/v1/providers"}});
  routes_only("inspect", {{"GET", "/v1/health"}, {"GET", "/v1/version"}, {"GET", "/v1/inspect/routes"}});
}

}  // namespace llama_stack
