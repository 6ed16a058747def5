#include "stack/core/stack.hpp"
#include "stack/core/vector_stores_config.hpp"

#include "stack/config/storage_references.hpp"
#include "stack/core/random_id_minter.hpp"

#include "stack/http/network_http_client.hpp"

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

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
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
  http_ = options_.http ? options_.http : std::shared_ptr<HttpClient>(make_network_http_client(
                                      network_client_options(options_.env.get(kMaxResponseBytesVariable))));
  ids_ = options_.ids ? options_.ids : std::make_shared<RandomIdMinter>();
}

void Stack::register_config_resources() {
  for (const auto& s : config_.shields)
    resources_.add({"shield", s.shield_id, s.provider_id, s.provider_shield_id, s.params, true});
  for (const auto& v : config_.vector_stores) {
    boost::json::object params{{"embedding_model", v.embedding_model}};
    if (v.embedding_dimension) params["embedding_dimension"] = *v.embedding_dimension;
    resources_.add({"vector_store", v.vector_store_id, v.provider_id, {}, std::move(params), true});
  }
  for (const auto& t : config_.tool_groups) {
    boost::json::object params{{"args", t.args}};
    if (t.mcp_endpoint) params["mcp_endpoint"] = *t.mcp_endpoint;
    resources_.add({"tool_group", t.toolgroup_id, t.provider_id, {}, std::move(params), true});
  }
}

Stack::~Stack() {
  // Dependents were created last; tear them down first.
  while (!instances_.empty()) instances_.pop_back();
  routers_.clear();
}

std::vector<RoutedProvider> Stack::routed(const std::string& api) const {
  std::vector<RoutedProvider> out;
  for (const auto& i : instances_)
    if (i.api == api) out.push_back({i.provider_id, i.provider_type, i.provider.get()});
  return out;
}

void Stack::build() {
  const std::string where = config_.source.empty() ? std::string("stack config")
                                                   : config_.source.string();
  const ApiTable& apis = options_.apis;
  // Which plugin serves each entry; entries that cannot run are reported, not fatal.
  std::vector<std::pair<const ProviderEntry*, const RegisteredProvider*>> plan;
  std::map<std::string, std::set<std::string>> deps;
  for (const auto& entry : config_.providers) {
    ProviderStatus status{entry.api, entry.provider_id, entry.provider_type, {}, {}, false, {}};
    const RegisteredProvider* plugin = registry_->find(entry.api, entry.provider_type);
    const ApiDefinition* definition = apis.find(entry.api);
    if (plugin == nullptr) {
      status.problem = "no plugin provides provider_type '" + entry.provider_type +
                       "' for API '" + entry.api + "'";
      if (auto others = registry_->apis_of(entry.provider_type); !others.empty())
        status.problem += " (its plugins serve: " + joined(others) + ")";
      status.problem += "; available for " + entry.api + ": " +
                        registry_->describe_available(entry.api);
    } else if (definition == nullptr || !definition->make_router) {
      status.file = plugin->file;
      status.origin = plugin->origin;
      status.problem = "API '" + entry.api + "' is not served by this stack (it serves: " +
                       apis.describe_provider_apis() + ")";
    }
    if (!status.problem.empty()) {
      if (options_.strict)
        throw ConfigError(where + ": provider '" + entry.provider_id + "': " + status.problem +
                          registry_->describe_failures());
      statuses_.push_back(std::move(status));
      continue;
    }
    plan.emplace_back(&entry, plugin);
    deps[entry.api];
    for (const auto& d : plugin->api_dependencies) deps[entry.api].insert(d);
  }
  // A provider whose dependency is configured but cannot run here (no
  // plugin for it) cannot run either: listed as such, like its dependency,
  // unless strict. One whose dependency is not configured at all is the
  // config's mistake. Repeated, since the dependents of a dropped one drop too.
  for (bool dropped = true; dropped;) {
    dropped = false;
    for (std::size_t i = 0; i < plan.size() && !dropped; ++i) {
      const auto [entry, plugin] = plan[i];
      for (const auto& d : plugin->api_dependencies) {
        if (deps.contains(d)) continue;
        std::string why;
        for (const auto& s : statuses_)
          if (s.api == d) why += (why.empty() ? "" : "; ") + s.provider_id + ": " + s.problem;
        // Configured but switched off by its ${env.X:+id} is not a mistake either.
        for (const auto& e : config_.disabled_providers)
          if (e.api == d) why += (why.empty() ? "" : "; ") + e.provider_type + ": disabled (its provider_id is empty)";
        const std::string problem =
            "needs API '" + d + "', which this stack does not provide" +
            (why.empty() ? std::string(" (no provider is configured for it)")
                         : " (its providers are not running: " + why + ")");
        if (why.empty() || options_.strict)
          throw ConfigError(where + ": provider '" + entry->provider_id + "' (" +
                            entry->provider_type + ") " + problem);
        statuses_.push_back({entry->api, entry->provider_id, entry->provider_type, plugin->file,
                             plugin->origin, false, "provider_type '" + entry->provider_type +
                                                        "' " + problem});
        plan.erase(plan.begin() + static_cast<std::ptrdiff_t>(i));
        deps.clear();
        for (const auto& [e, p] : plan) {
          deps[e->api];
          for (const auto& dep : p->api_dependencies) deps[e->api].insert(dep);
        }
        dropped = true;
        break;
      }
    }
  }

  register_config_resources();
  RouterServices services{models_, resources_, *ids_, [this](std::string_view name) {
                            return stack_store_config(config_, name);
                          }, vector_stores_defaults(config_)};
  for (const auto& api : dependency_order(deps)) {
    const ApiDefinition& definition = *apis.find(api);
    for (const auto& [entry, plugin] : plan) {
      if (entry->api != api) continue;
      const std::string file = plugin->file.string();
      const std::string located = where + " [plugin " + file + "]";
      std::unique_ptr<Provider> provider;
      try {
        ProviderContext context{
            entry->provider_id, entry->provider_type,
            ProviderConfig(entry->provider_id,
                           checked_provider_config(entry->provider_id, plugin->config_keys,
                                                   resolve_storage_references(entry->config,
                                                                              config_))),
            *http_, {}, &request_scope_, ids_.get()};
        for (const auto& d : plugin->api_dependencies)
          context.dependencies[d] = routers_.at(d).get();
        provider = plugin->factory(context);
      } catch (const ProviderConfigError& e) {
        throw e.located(located);
      } catch (const ConfigError& e) {
        throw ConfigError(located + ": " + e.what());
      } catch (const std::exception& e) {
        throw PluginError(file, "factory of provider '" + entry->provider_id + "' (" +
                                    entry->provider_type + ")",
                          e.what());
      }
      if (!provider)
        throw PluginError(file, "factory of provider '" + entry->provider_id + "'",
                          "returned no provider");
      if (!definition.implements(*provider))
        throw PluginError(file, "factory of provider '" + entry->provider_id + "'",
                          "provider_type '" + plugin->provider_type + "' declares API '" + api +
                              "' but its factory did not return an " +
                              definition.provider_interface);
      instances_.push_back(
          {entry->api, entry->provider_id, entry->provider_type, plugin->file, std::move(provider)});
      statuses_.push_back({entry->api, entry->provider_id, entry->provider_type, plugin->file,
                           plugin->origin, true, {}});
    }
    routers_[api] = definition.make_router(services, routed(api));
  }

  for (auto& instance : instances_) {
    try {
      instance.provider->initialize();
    } catch (const std::exception& e) {
      throw PluginError(instance.file.string(),
                        "initialize() of provider '" + instance.provider_id + "'", e.what());
    }
  }

  for (const auto& m : config_.models) {
    models_.register_model({m.model_id, m.provider_id, m.provider_model_id, m.model_type,
                            m.metadata, /*registered=*/true});
  }
  // What the config loader noticed comes first, then what discovery could not do.
  warnings_ = config_.warnings;
  auto discovery = refresh_models();
  warnings_.insert(warnings_.end(), discovery.begin(), discovery.end());
}

Api& Stack::api(std::string_view name) {
  auto it = routers_.find(name);
  if (it != routers_.end()) return *it->second;
  // Configured providers that could not start are the real cause: name them.
  std::string why;
  for (const auto& s : statuses_)
    if (s.api == name && !s.running)
      why += (why.empty() ? "" : "; ") + ("'" + s.provider_id + "' (" + s.provider_type + "): " + s.problem);
  if (!why.empty())
    throw NotFoundError("this stack has no running " + std::string(name) + " provider: " + why);
  throw NotFoundError("this stack has no " + std::string(name) +
                      " provider; configure one under providers." + std::string(name));
}

bool Stack::runs(std::string_view api, std::string_view provider_id) const {
  return std::any_of(statuses_.begin(), statuses_.end(), [&](const ProviderStatus& s) {
    return s.running && s.api == api && s.provider_id == provider_id;
  });
}

std::vector<std::string> Stack::refresh_models() {
  std::vector<std::string> warnings;
  RouterServices services{models_, resources_, *ids_};
  for (const auto& definition : options_.apis.apis()) {
    if (!definition.refresh || !routers_.contains(definition.name)) continue;
    auto more = definition.refresh(services, routed(definition.name));
    warnings.insert(warnings.end(), more.begin(), more.end());
  }
  return warnings;
}

}  // namespace llama_stack
