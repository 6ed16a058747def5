#include "stack/core/stack.hpp"
#include "stack/core/config_sections.hpp"

#include "stack/config/storage_references.hpp"
#include "stack/core/random_id_minter.hpp"

#include "stack/http/network_http_client.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>

namespace llama_stack {

namespace {

// A factory that returns nothing, or an object of another API's interface,
// is the plugin's bug: named with its file.
void check_factory_result(const Provider* provider, const ApiDefinition& definition,
                          const ProviderEntry& entry, const RegisteredProvider& plugin) {
  const std::string file = plugin.file.string();
  if (provider == nullptr)
    throw PluginError(file, "factory of provider '" + entry.provider_id + "'",
                      "returned no provider");
  if (!definition.implements(*provider))
    throw PluginError(file, "factory of provider '" + entry.provider_id + "'",
                      "provider_type '" + plugin.provider_type + "' declares API '" +
                          definition.name + "' but its factory did not return an " +
                          definition.provider_interface);
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

std::string Stack::config_location() const {
  return config_.source.empty() ? std::string("stack config") : config_.source.string();
}

void Stack::build() {
  std::vector<PlannedProvider> plan = plan_providers();
  drop_providers_missing_dependencies(plan);
  register_config_resources();
  create_providers(plan);
  initialize_providers();
  register_config_models();
  // What the config loader noticed comes first, then what discovery could not do.
  warnings_ = config_.warnings;
  auto discovery = refresh_models();
  warnings_.insert(warnings_.end(), discovery.begin(), discovery.end());
}

// A dependent provider is handed the routers of the APIs it needs, so each
// API's providers and router are created before those of the APIs needing it.
void Stack::create_providers(const std::vector<PlannedProvider>& plan) {
  const std::string where = config_location();
  RouterServices services{models_, resources_, *ids_, [this](std::string_view name) {
                            return stack_store_config(config_, name);
                          }, config_sections(config_)};
  const auto store_dir = options_.env.get("SQLITE_STORE_DIR");
  services.store_dir = store_dir && !store_dir->empty() ? *store_dir : distro_dir(config_);
  const auto order = creation_order(plan);
  // An API that gets a router reads its own section there, once; the
  // section of one that does not is checked here all the same.
  for (const auto& definition : options_.apis.apis())
    if (definition.check_config && std::find(order.begin(), order.end(), definition.name) == order.end())
      definition.check_config(services.config);
  for (const auto& api : order) {
    const ApiDefinition& definition = *options_.apis.find(api);
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
                                                                              config_),
                                                   {options_.env, distro_dir(config_)}),
                           plugin->config_schema),
            *http_, {}, ids_.get()};
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
      check_factory_result(provider.get(), definition, *entry, *plugin);
      instances_.push_back(
          {entry->api, entry->provider_id, entry->provider_type, plugin->file, std::move(provider)});
      statuses_.push_back({entry->api, entry->provider_id, entry->provider_type, plugin->file,
                           plugin->origin, true, {}});
    }
    routers_[api] = definition.make_router(services, routed(api));
  }
  // Those no provider needs come last; those one needs are in the order.
  for (const auto& definition : options_.apis.apis())
    if (definition.serves_without_providers && !routers_.contains(definition.name))
      routers_[definition.name] = definition.make_router(services, {});
}

// Once every provider exists: initialize() may use the providers it depends on.
void Stack::initialize_providers() {
  for (auto& instance : instances_) {
    try {
      instance.provider->initialize();
    } catch (const std::exception& e) {
      throw PluginError(instance.file.string(),
                        "initialize() of provider '" + instance.provider_id + "'", e.what());
    }
  }
}

void Stack::register_config_models() {
  for (const auto& m : config_.models) {
    models_.register_model({m.model_id, m.provider_id, m.provider_model_id, m.model_type,
                            m.metadata, /*registered=*/true});
  }
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
