#pragma once
// A running stack: the providers of a RunConfig, created from plugins in
// dependency order, with the routers and routing tables of the API table in
// front of them.
#include "stack/config/environment.hpp"
#include "stack/config/run_config.hpp"
#include "stack/plugin/provider_registry.hpp"
#include "stack/routing/api_table.hpp"
#include "stack/routing/model_table.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/http_client.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct StackOptions {
  Environment env = Environment::process();
  // The outbound HTTP path handed to every provider: the network client when
  // unset. Whoever builds the stack decides whether it records or replays
  // (stack/replay wraps a client); the stack itself never does.
  std::shared_ptr<HttpClient> http;
  // Mints the ids of what providers create: random when unset. Whoever
  // decides about replay decides this too (replay::id_minter_for).
  std::shared_ptr<IdMinter> ids;
  // Treat provider types without a plugin as errors instead of skipping them.
  bool strict = false;
  // The APIs the stack can serve.
  ApiTable apis = ApiTable::builtin();
};

struct ProviderStatus {
  std::string api;
  std::string provider_id;
  std::string provider_type;
  std::filesystem::path file;  // the plugin; empty when none was found
  std::string origin;
  bool running = false;
  std::string problem;  // why it is not running
};

class Stack {
 public:
  // Discovers plugins (ProviderRegistry::discover) and builds the stack.
  static std::unique_ptr<Stack> create(RunConfig config, StackOptions options = {});
  static std::unique_ptr<Stack> create(RunConfig config, ProviderRegistry registry,
                                       StackOptions options = {});
  ~Stack();
  Stack(const Stack&) = delete;
  Stack& operator=(const Stack&) = delete;

  // The router of `name`; NotFoundError when no provider of it runs here.
  Api& api(std::string_view name);
  bool serves(std::string_view name) const { return routers_.contains(name); }
  template <class ApiT>
  ApiT& api(std::string_view name) {
    return dynamic_cast<ApiT&>(api(name));
  }
  const ApiTable& apis() const noexcept { return options_.apis; }

  ModelTable& models() noexcept { return models_; }
  const ModelTable& models() const noexcept { return models_; }
  // Shields, vector stores and tool groups: the run config's, then those
  // registered at run time.
  ResourceTable& resources() noexcept { return resources_; }
  IdMinter& ids() noexcept { return *ids_; }
  // Re-reads what every API's providers serve (inference: their models);
  // returns the warnings (one per provider that could not be asked).
  std::vector<std::string> refresh_models();

  const RunConfig& config() const noexcept { return config_; }
  const ProviderRegistry& registry() const noexcept { return *registry_; }
  const std::vector<ProviderStatus>& providers() const noexcept { return statuses_; }
  // Whether `provider_id` runs under `api`.
  bool runs(std::string_view api, std::string_view provider_id) const;
  // The config's warnings (RunConfig::warnings), then one per provider whose
  // models could not be listed when the stack was built.
  const std::vector<std::string>& warnings() const noexcept { return warnings_; }
  HttpClient& http() noexcept { return *http_; }

 private:
  // A configured provider that can run here, and the plugin serving it.
  struct PlannedProvider {
    const ProviderEntry* entry;
    const RegisteredProvider* plugin;
  };

  Stack(RunConfig config, std::unique_ptr<ProviderRegistry> registry, StackOptions options);
  void build();
  // The config's name in messages: its file, or "stack config".
  std::string config_location() const;

  // Which providers run (stack_plan.cpp). Those that cannot are listed in
  // statuses_ with why, unless strict or the config is wrong: ConfigError.
  std::vector<PlannedProvider> plan_providers();
  void drop_providers_missing_dependencies(std::vector<PlannedProvider>& plan);
  ProviderStatus unmet_dependency_status(const PlannedProvider& planned,
                                         const std::string& api) const;
  // "id: problem; ..." for the configured providers of `api` that do not run.
  std::string why_not_running(std::string_view api) const;
  // The APIs of `plan`, each after the APIs its providers depend on.
  static std::vector<std::string> creation_order(const std::vector<PlannedProvider>& plan);

  // Bringing the planned providers up (stack.cpp).
  void register_config_resources();
  void create_providers(const std::vector<PlannedProvider>& plan);
  void initialize_providers();
  void register_config_models();

  struct Instance {
    std::string api;
    std::string provider_id;
    std::string provider_type;
    std::filesystem::path file;
    std::unique_ptr<Provider> provider;
  };
  std::vector<RoutedProvider> routed(const std::string& api) const;

  // Declaration order matters: members are destroyed in reverse, so providers
  // go before the HTTP client they use and before the libraries their code lives in.
  std::unique_ptr<ProviderRegistry> registry_;
  RunConfig config_;
  StackOptions options_;
  std::shared_ptr<HttpClient> http_;
  std::shared_ptr<IdMinter> ids_;
  ModelTable models_;
  ResourceTable resources_;
  std::map<std::string, std::unique_ptr<Api>, std::less<>> routers_;
  std::vector<Instance> instances_;
  std::vector<ProviderStatus> statuses_;
  std::vector<std::string> warnings_;
};

}  // namespace llama_stack
