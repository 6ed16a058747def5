// Which of a config's providers a stack runs, and in which order their APIs
// are created: the part of Stack::build that decides before anything is
// instantiated.
#include "stack/core/stack.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <functional>
#include <set>

namespace llama_stack {

namespace {

using ApiDependencies = std::map<std::string, std::set<std::string>>;

// Every API of `plan`, with the APIs its providers need. Generic because
// the plan's element type is private to Stack.
ApiDependencies api_dependencies(const auto& plan) {
  ApiDependencies deps;
  for (const auto& [entry, plugin] : plan) {
    auto& needed = deps[entry->api];
    needed.insert(plugin->api_dependencies.begin(), plugin->api_dependencies.end());
  }
  return deps;
}

// APIs in an order where every API comes after the APIs it depends on.
std::vector<std::string> dependency_order(const ApiDependencies& deps) {
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

// Names what the registry does have, so a typo or a missing build option
// shows in the message.
std::string no_plugin_problem(const ProviderRegistry& registry, const ProviderEntry& entry) {
  std::string problem = "no plugin provides provider_type '" + entry.provider_type +
                        "' for API '" + entry.api + "'";
  if (auto others = registry.apis_of(entry.provider_type); !others.empty())
    problem += " (its plugins serve: " + joined(others) + ")";
  return problem + "; available for " + entry.api + ": " + registry.describe_available(entry.api);
}

}  // namespace

// Entries that cannot run are reported, not fatal.
std::vector<Stack::PlannedProvider> Stack::plan_providers() {
  std::vector<PlannedProvider> plan;
  for (const auto& entry : config_.providers) {
    ProviderStatus status{entry.api, entry.provider_id, entry.provider_type, {}, {}, false, {}};
    const RegisteredProvider* plugin = registry_->find(entry.api, entry.provider_type);
    const ApiDefinition* definition = options_.apis.find(entry.api);
    if (plugin == nullptr) {
      status.problem = no_plugin_problem(*registry_, entry);
    } else if (definition == nullptr || !definition->make_router) {
      status.file = plugin->file;
      status.origin = plugin->origin;
      status.problem = "API '" + entry.api + "' is not served by this stack (it serves: " +
                       options_.apis.describe_provider_apis() + ")";
    }
    if (status.problem.empty()) {
      plan.push_back({&entry, plugin});
      continue;
    }
    if (options_.strict)
      throw ConfigError(config_location() + ": provider '" + entry.provider_id +
                        "': " + status.problem + registry_->describe_failures());
    statuses_.push_back(std::move(status));
  }
  return plan;
}

// A provider whose dependency is configured but cannot run here (no plugin
// for it) cannot run either: listed as such, like its dependency, unless
// strict. Repeated from the start, since the dependents of a dropped one
// drop too.
void Stack::drop_providers_missing_dependencies(std::vector<PlannedProvider>& plan) {
  // What the stack serves itself is served whatever the config runs.
  auto served_by = [this](const std::vector<PlannedProvider>& planned) {
    ApiDependencies served = api_dependencies(planned);
    for (const auto& definition : options_.apis.apis())
      if (definition.serves_without_providers) served[definition.name];
    return served;
  };
  ApiDependencies served = served_by(plan);
  for (std::size_t i = 0; i < plan.size();) {
    const auto& needed = plan[i].plugin->api_dependencies;
    const auto missing = std::find_if(needed.begin(), needed.end(),
                                      [&](const std::string& d) { return !served.contains(d); });
    if (missing == needed.end()) {
      ++i;
      continue;
    }
    statuses_.push_back(unmet_dependency_status(plan[i], *missing));
    plan.erase(plan.begin() + static_cast<std::ptrdiff_t>(i));
    served = served_by(plan);
    i = 0;
  }
}

// One whose dependency is not configured at all is the config's mistake:
// ConfigError, as it is when strict.
ProviderStatus Stack::unmet_dependency_status(const PlannedProvider& planned,
                                              const std::string& api) const {
  const auto& [entry, plugin] = planned;
  const std::string why = why_not_running(api);
  const std::string problem =
      "needs API '" + api + "', which this stack does not provide" +
      (why.empty() ? std::string(" (no provider is configured for it)")
                   : " (its providers are not running: " + why + ")");
  if (why.empty() || options_.strict)
    throw ConfigError(config_location() + ": provider '" + entry->provider_id + "' (" +
                      entry->provider_type + ") " + problem);
  return {entry->api, entry->provider_id, entry->provider_type, plugin->file, plugin->origin,
          false, "provider_type '" + entry->provider_type + "' " + problem};
}

std::string Stack::why_not_running(std::string_view api) const {
  std::string why;
  for (const auto& s : statuses_)
    if (s.api == api && !s.running) why += (why.empty() ? "" : "; ") + s.provider_id + ": " + s.problem;
  // Configured but switched off by its ${env.X:+id} is not a mistake either.
  for (const auto& e : config_.disabled_providers)
    if (e.api == api)
      why += (why.empty() ? "" : "; ") + e.provider_type + ": disabled (its provider_id is empty)";
  return why;
}

std::vector<std::string> Stack::creation_order(const std::vector<PlannedProvider>& plan) {
  return dependency_order(api_dependencies(plan));
}

}  // namespace llama_stack
