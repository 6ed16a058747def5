#include "stack/core/stack.hpp"

#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"

#include <llama_stack/apis/inference.hpp>
#include <llama_stack/errors.hpp>

#include <algorithm>
#include <functional>
#include <set>

namespace llama_stack {

namespace {

// APIs in an order where every API comes after the APIs it depends on.
std::vector<std::string> dependency_order(const std::map<std::string, std::set<std::string>>& deps) {
  std::vector<std::string> order;
  std::map<std::string, int> state;  // 0 unvisited, 1 on stack, 2 done
  std::vector<std::string> path;
  std::function<void(const std::string&)> visit = [&](const std::string& api) {
    if (state[api] == 2) return;
    if (state[api] == 1) {
      auto start = std::find(path.begin(), path.end(), api);
      std::string cycle;
      for (auto it = start; it != path.end(); ++it) cycle += *it + " -> ";
      throw ConfigError("provider dependency cycle between APIs: " + cycle + api);
    }
    state[api] = 1;
    path.push_back(api);
    auto it = deps.find(api);
    if (it != deps.end())
      for (const auto& d : it->second) visit(d);
    path.pop_back();
    state[api] = 2;
    order.push_back(api);
  };
  for (const auto& [api, _] : deps) visit(api);
  return order;
}

}  // namespace

std::unique_ptr<Stack> Stack::create(RunConfig config, StackOptions options) {
  auto registry = ProviderRegistry::discover(
      options.env, config.external_providers_dir.value_or(std::filesystem::path{}));
  return create(std::move(config), std::move(registry), std::move(options));
}

std::unique_ptr<Stack> Stack::create(RunConfig config, ProviderRegistry registry,
                                     StackOptions options) {
  std::unique_ptr<Stack> stack(new Stack(
      std::move(config), std::make_unique<ProviderRegistry>(std::move(registry)),
      std::move(options)));
  stack->build();
  return stack;
}

Stack::Stack(RunConfig config, std::unique_ptr<ProviderRegistry> registry, StackOptions options)
    : registry_(std::move(registry)), config_(std::move(config)), options_(std::move(options)) {
  http_ = options_.http ? options_.http : std::shared_ptr<HttpClient>(make_network_http_client());
  if (!options_.recording)
    options_.recording = replay::RecordingSession::from_environment(options_.env);
  if (options_.recording && options_.recording->mode() != replay::InferenceMode::live)
    http_ = std::make_shared<replay::RecordingHttpClient>(http_, options_.recording);
}

Stack::~Stack() {
  // Dependents were created last; tear them down first.
  while (!instances_.empty()) instances_.pop_back();
  routers_.clear();
}

void Stack::build() {
  const std::string where = config_.source.empty() ? std::string("stack config")
                                                   : config_.source.string();
  // Which plugin serves each entry; entries without one are reported, not fatal.
  std::vector<std::pair<const ProviderEntry*, const RegisteredProvider*>> plan;
  std::map<std::string, std::set<std::string>> deps;
  for (const auto& entry : config_.providers) {
    ProviderStatus status{entry.api, entry.provider_id, entry.provider_type, {}, {}, false, {}};
    const RegisteredProvider* plugin = registry_->find(entry.provider_type);
    if (plugin == nullptr) {
      status.problem = "no plugin provides provider_type '" + entry.provider_type +
                       "'; available: " + registry_->describe_available(entry.api);
      if (options_.strict)
        throw ConfigError(where + ": provider '" + entry.provider_id + "': " + status.problem +
                          registry_->describe_failures());
      statuses_.push_back(std::move(status));
      continue;
    }
    if (plugin->api != entry.api)
      throw ConfigError(where + ": provider '" + entry.provider_id + "' is listed under API '" +
                        entry.api + "' but provider_type '" + entry.provider_type +
                        "' implements API '" + plugin->api + "'");
    plan.emplace_back(&entry, plugin);
    deps[entry.api];
    for (const auto& d : plugin->api_dependencies) deps[entry.api].insert(d);
  }
  for (const auto& [api, needed] : deps)
    for (const auto& d : needed)
      if (!deps.contains(d)) {
        for (const auto& [entry, plugin] : plan)
          if (entry->api == api &&
              std::count(plugin->api_dependencies.begin(), plugin->api_dependencies.end(), d))
            throw ConfigError(where + ": provider '" + entry->provider_id + "' (" +
                              entry->provider_type + ") depends on API '" + d +
                              "' but no provider for '" + d + "' is configured");
      }

  for (const auto& api : dependency_order(deps)) {
    // Indices, not pointers: instances_ grows while this API's providers are made.
    std::vector<std::pair<std::size_t, const RegisteredProvider*>> created;
    for (const auto& [entry, plugin] : plan) {
      if (entry->api != api) continue;
      ProviderContext context{entry->provider_id, entry->provider_type,
                              ProviderConfig(entry->provider_id, entry->config), *http_, {},
                              &request_scope_};
      for (const auto& d : plugin->api_dependencies) context.dependencies[d] = routers_.at(d).get();
      std::unique_ptr<Provider> provider;
      const std::string label = "provider '" + entry->provider_id + "' (" + entry->provider_type +
                                ") from " + plugin->file.string();
      try {
        provider = plugin->factory(context);
      } catch (const ConfigError& e) {
        throw ConfigError(where + ": " + e.what() + " [plugin " + plugin->file.string() + "]");
      } catch (const std::exception& e) {
        throw PluginError(label + ": factory failed: " + e.what());
      }
      if (!provider) throw PluginError(label + ": factory returned no provider");
      instances_.push_back({entry->api, entry->provider_id, std::move(provider)});
      statuses_.push_back({entry->api, entry->provider_id, entry->provider_type, plugin->file,
                           plugin->origin, true, {}});
      created.emplace_back(instances_.size() - 1, plugin);
    }
    if (api == "inference") {
      auto router = std::make_unique<InferenceRouter>(models_);
      for (const auto& [index, plugin] : created) {
        Instance& instance = instances_[index];
        auto* inference = dynamic_cast<InferenceProvider*>(instance.provider.get());
        if (inference == nullptr)
          throw PluginError(plugin->file.string() + ": provider_type '" + plugin->provider_type +
                            "' declares API 'inference' but its factory did not return an "
                            "InferenceProvider");
        router->add_provider(instance.provider_id, *inference);
      }
      routers_[api] = std::move(router);
    }
  }

  for (auto& instance : instances_) {
    try {
      instance.provider->initialize();
    } catch (const std::exception& e) {
      throw PluginError("provider '" + instance.provider_id + "': initialize failed: " + e.what());
    }
  }

  for (const auto& m : config_.models) {
    models_.register_model({m.model_id, m.provider_id, m.provider_model_id, m.model_type,
                            m.metadata, /*registered=*/true});
  }
  warnings_ = refresh_models();
}

InferenceApi& Stack::inference() {
  auto it = routers_.find("inference");
  if (it == routers_.end())
    throw NotFoundError("this stack has no inference provider; configure one under "
                        "providers.inference");
  return static_cast<InferenceRouter&>(*it->second);
}

std::vector<std::string> Stack::refresh_models() {
  std::vector<std::string> warnings;
  for (auto& instance : instances_) {
    auto* inference = dynamic_cast<InferenceProvider*>(instance.provider.get());
    if (inference == nullptr) continue;
    try {
      auto listed = inference->list_models();
      models_.forget_discovered(instance.provider_id);
      for (auto& m : listed) {
        models_.register_model({instance.provider_id + "/" + m.provider_model_id,
                                instance.provider_id, m.provider_model_id, m.model_type,
                                std::move(m.metadata), /*registered=*/false});
      }
    } catch (const std::exception& e) {
      warnings.push_back("provider '" + instance.provider_id + "': could not list models: " +
                         e.what());
    }
  }
  return warnings;
}

}  // namespace llama_stack
