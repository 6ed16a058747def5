#include "stack/routing/api_table.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

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

}  // namespace llama_stack
