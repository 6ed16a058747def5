#include "stack/routing/stack_routes.hpp"

namespace llama_stack {

void register_stack_apis(ApiTable& table) {
  auto routes_only = [&](std::string name, std::vector<ApiRoute> routes) {
    ApiDefinition api;
    api.name = std::move(name);
    api.routes = std::move(routes);
    table.add(std::move(api));
  };
  routes_only("models", model_routes());
  routes_only("providers", provider_routes());
  routes_only("inspect", inspect_routes());
}

}  // namespace llama_stack
