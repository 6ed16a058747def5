#include "stack/config/stack_pointer.hpp"

#include "stack/config/adhoc_resources.hpp"
#include "stack/config/api_names.hpp"
#include "stack/config/split_list.hpp"
#include "stack/config/yaml_json.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <optional>
#include <set>
#include <system_error>

namespace llama_stack {
namespace {

namespace fs = std::filesystem;

std::string_view trim(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\f\v";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kSpace);
  return s.substr(first, last - first + 1);
}

bool ends_with_ignoring_case(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(),
                    s.end() - static_cast<std::ptrdiff_t>(suffix.size()), [](char a, char b) {
                      auto lower = [](char c) {
                        return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
                      };
                      return lower(a) == lower(b);
                    });
}

// The run config of a distribution directory, if it has one.
std::optional<fs::path> distribution_file(const fs::path& dir) {
  for (const char* name : {"config.yaml", "run.yaml"}) {
    std::error_code ec;
    if (fs::is_regular_file(dir / name, ec)) return dir / name;
  }
  return std::nullopt;
}

RunConfig resolve_distribution(std::string_view name, const Environment& env,
                               const std::vector<fs::path>& distribution_dirs) {
  if (name.empty()) {
    throw ConfigError(
        "empty stack pointer: expected a distribution name, a run.yaml path or an api=provider "
        "spec");
  }
  if (name == "." || name == "..") {
    throw ConfigError("'" + std::string(name) + "' is not a distribution name");
  }
  for (const auto& dir : distribution_dirs) {
    if (auto file = distribution_file(dir / name)) return load_run_config(*file, env);
  }

  std::set<std::string> found;
  for (const auto& dir : distribution_dirs) {
    std::error_code ec;
    // A missing or unreadable directory just contributes no names.
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code type_ec;
      if (it->is_directory(type_ec) && distribution_file(it->path())) {
        found.insert(it->path().filename().string());
      }
    }
  }
  std::vector<std::string> searched;
  for (const auto& dir : distribution_dirs) searched.push_back(dir.string());
  throw ConfigError("unknown distribution '" + std::string(name) + "'; available: " +
                    (found.empty() ? std::string("none") : join_list(found)) + " (searched " +
                    (searched.empty() ? std::string("no directories") : join_list(searched)) + ")");
}

struct ProviderChoice {
  std::string api;
  std::string provider;
};

std::vector<ProviderChoice> split_spec(std::string_view spec) {
  std::vector<ProviderChoice> choices;
  std::size_t begin = 0;
  while (begin <= spec.size()) {
    const std::size_t end = std::min(spec.find_first_of(",;", begin), spec.size());
    const std::string_view pair = trim(spec.substr(begin, end - begin));
    begin = end + 1;
    if (pair.empty()) continue;
    const std::size_t eq = pair.find('=');
    const std::string_view api =
        eq == std::string_view::npos ? std::string_view() : trim(pair.substr(0, eq));
    const std::string_view provider =
        eq == std::string_view::npos ? std::string_view() : trim(pair.substr(eq + 1));
    if (api.empty() || provider.empty() || provider.find('=') != std::string_view::npos) {
      throw ConfigError("malformed pair '" + std::string(pair) + "' in stack spec '" +
                        std::string(spec) + "'; expected api=provider");
    }
    choices.push_back({std::string(api), std::string(provider)});
  }
  return choices;
}

std::string_view strip_kind(std::string_view provider_type) {
  for (std::string_view prefix : {std::string_view("inline::"), std::string_view("remote::")}) {
    if (provider_type.starts_with(prefix)) return provider_type.substr(prefix.size());
  }
  return provider_type;
}

// Null for an api of the Llama Stack that no plugin here serves (the guide's
// `agents=inline::meta-reference`): the spec loads, and the stack lists that
// provider as not running, as it does for such an entry of a run.yaml.
const AvailableProvider* find_provider(const ProviderChoice& choice, std::string_view spec,
                                       const std::vector<AvailableProvider>& available) {
  std::set<std::string> apis;
  std::vector<const AvailableProvider*> for_api;
  for (const auto& provider : available) {
    apis.insert(provider.api);
    if (provider.api == choice.api) for_api.push_back(&provider);
  }
  if (for_api.empty() && is_known_api(choice.api)) return nullptr;
  if (for_api.empty()) {
    throw ConfigError(
        "unknown api '" + choice.api + "' in stack spec '" + std::string(spec) +
        "'; available apis: " + (apis.empty() ? std::string("none") : join_list(apis)));
  }
  // As given first, so a spec can always name the exact provider_type.
  for (const std::string& candidate :
       {choice.provider, "inline::" + choice.provider, "remote::" + choice.provider}) {
    for (const AvailableProvider* provider : for_api) {
      if (provider->provider_type == candidate) return provider;
    }
  }
  std::set<std::string> types;
  for (const AvailableProvider* provider : for_api) types.insert(provider->provider_type);
  throw ConfigError("unknown provider '" + choice.provider + "' for api '" + choice.api +
                    "'; available: " + join_list(types));
}

RunConfig resolve_adhoc(std::string_view spec, const Environment& env,
                        const std::vector<AvailableProvider>& available) {
  const std::vector<ProviderChoice> choices = split_spec(spec);
  if (choices.empty()) {
    throw ConfigError("stack spec '" + std::string(spec) +
                      "' names no providers; expected api=provider");
  }
  RunConfig config;
  config.image_name = "adhoc";
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& choice : choices) {
    const AvailableProvider* provider = find_provider(choice, spec, available);
    ProviderEntry entry;
    entry.api = choice.api;
    entry.provider_type = provider != nullptr ? provider->provider_type : choice.provider;
    entry.provider_id = std::string(strip_kind(entry.provider_type));
    if (!seen.emplace(entry.api, entry.provider_id).second) {
      throw ConfigError("provider '" + entry.provider_id + "' given twice for api '" + entry.api +
                        "' in stack spec '" + std::string(spec) + "'");
    }
    if (provider != nullptr)
      entry.config = config_detail::parse_yaml_object(provider->sample_config,
                                                      provider->provider_type + " sample config", env);
    if (std::find(config.apis.begin(), config.apis.end(), entry.api) == config.apis.end()) {
      config.apis.push_back(entry.api);
    }
    config.providers.push_back(std::move(entry));
  }
  // The stores Python's run_config_from_adhoc_config_spec gives an ad-hoc
  // stack (in its distro dir ~/.llama/distributions/adhoc), so the inference
  // store tests run on one; SQLITE_STORE_DIR moves them, as it moves the
  // providers' sample stores.
  const boost::json::object stores = config_detail::parse_yaml_object(
      "metadata_store:\n  type: sqlite\n  db_path: ${env.SQLITE_STORE_DIR:=~/.llama/distributions/adhoc}/kvstore.db\n"
      "inference_store:\n  type: sqlite\n  db_path: ${env.SQLITE_STORE_DIR:=~/.llama/distributions/adhoc}/inference_store.db\n",
      "ad-hoc stack stores", env);
  for (const auto& [key, value] : stores) config.extra[key] = value;
  add_adhoc_resources(config, env);
  return config;
}

}  // namespace

StackPointerKind classify_stack_pointer(std::string_view pointer) {
  if (pointer.find('=') != std::string_view::npos) return StackPointerKind::adhoc;
  if (ends_with_ignoring_case(pointer, ".yaml") || ends_with_ignoring_case(pointer, ".yml") ||
      pointer.find('/') != std::string_view::npos) {
    return StackPointerKind::file;
  }
  std::error_code ec;
  if (!pointer.empty() && fs::is_regular_file(fs::path(pointer), ec)) return StackPointerKind::file;
  return StackPointerKind::distribution;
}

RunConfig resolve_stack_pointer(std::string_view pointer, const Environment& env,
                                const std::vector<fs::path>& distribution_dirs,
                                const std::vector<AvailableProvider>& available) {
  switch (classify_stack_pointer(pointer)) {
    case StackPointerKind::adhoc:
      return resolve_adhoc(pointer, env, available);
    case StackPointerKind::file:
      return load_run_config(fs::path(pointer), env);
    case StackPointerKind::distribution:
      break;
  }
  return resolve_distribution(pointer, env, distribution_dirs);
}

}  // namespace llama_stack
