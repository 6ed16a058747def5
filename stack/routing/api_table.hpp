#pragma once
// The APIs a stack serves. Each API registers once: its name, the provider
// interface its providers implement, the router built in front of them and
// the routes it answers. The stack builds from this table, the library
// client and the CLI read it, and the server will serve from it; nothing
// else knows an API by name.
#include "stack/routing/model_table.hpp"

#include <llama_stack/api.hpp>
#include <llama_stack/provider.hpp>

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack {

struct ApiRoute {
  std::string method;  // "POST"
  std::string path;    // "/v1/chat/completions"
};

// One configured provider of an API, as its router sees it.
struct RoutedProvider {
  std::string provider_id;
  std::string provider_type;
  Provider* provider;  // implements the API's provider interface
};

// What a router may use besides its providers: the stack's routing tables.
struct RouterServices {
  ModelTable& models;
};

struct ApiDefinition {
  std::string name;                // "inference"
  std::string provider_interface;  // "InferenceProvider", for messages
  // Whether a provider object implements the provider interface.
  std::function<bool(const Provider&)> implements;
  // The router in front of the API's providers; what dependent providers
  // and callers get for this API.
  std::function<std::unique_ptr<Api>(RouterServices&, const std::vector<RoutedProvider>&)>
      make_router;
  // Re-reads what the providers serve into the routing tables (inference:
  // their models); returns one warning per provider that could not answer.
  // May be empty.
  std::function<std::vector<std::string>(RouterServices&, const std::vector<RoutedProvider>&)>
      refresh;
  std::vector<ApiRoute> routes;
};

class ApiTable {
 public:
  // The APIs this build serves: inference, and the stack's own (models,
  // providers, inspect), whose routes need no provider.
  static ApiTable builtin();

  // Adds an API; ConfigError when one of that name is registered already.
  void add(ApiDefinition definition);
  const ApiDefinition* find(std::string_view name) const;
  const std::vector<ApiDefinition>& apis() const noexcept { return apis_; }
  // "inference, models, ..." for error messages: the APIs that take providers.
  std::string describe_provider_apis() const;

 private:
  std::vector<ApiDefinition> apis_;
};

// The stack's own APIs: routes only, no providers.
void register_stack_apis(ApiTable& table);

}  // namespace llama_stack
