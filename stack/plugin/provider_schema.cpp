#include "stack/plugin/provider_schema.hpp"

#include "stack/config/split_list.hpp"
#include "stack/config/yaml_json.hpp"

#include <llama_stack/config_value.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/url_userinfo.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace llama_stack {

namespace json = boost::json;

const char* config_type_name(ConfigType type) noexcept {
  switch (type) {
    case ConfigType::string: return "string";
    case ConfigType::secret: return "secret";
    case ConfigType::url: return "URL";
    case ConfigType::boolean: return "boolean";
    case ConfigType::integer: return "integer";
    case ConfigType::string_list: return "list of strings";
    case ConfigType::mapping: return "mapping";
    case ConfigType::ignored: return "ignored";
    case ConfigType::duration: return "duration (seconds)";
  }
  return "unknown";
}

std::string with_distro_dir(std::string text, std::string_view distro_dir) {
  for (auto at = text.find(kDistroDir); at != std::string::npos;
       at = text.find(kDistroDir, at + distro_dir.size()))
    text.replace(at, kDistroDir.size(), distro_dir);
  return text;
}

std::string sample_config_yaml(const std::vector<ConfigKeyInfo>& keys) {
  std::string out;
  for (const auto& key : keys) {
    if (!key.in_sample || (key.env_var.empty() && !key.default_value)) continue;
    std::string value = key.default_value.value_or("");
    // A default under the distribution directory is the stack's to fill in.
    if (value.find(kDistroDir) != std::string::npos) {
      if (key.env_var.empty()) continue;
      value.clear();
    }
    out += key.name + ": ";
    out += key.env_var.empty() ? value : "${env." + key.env_var + ":=" + value + "}";
    out += "\n";
  }
  return out;
}

namespace {

std::string known_keys(const std::vector<ConfigKeyInfo>& keys) {
  std::string out;
  for (const auto& k : keys) {
    if (k.type == ConfigType::ignored) continue;
    out += (out.empty() ? "" : ", ") + k.name;
  }
  return out.empty() ? "(none)" : out;
}

// A URL value fit for a message: a userinfo part ("user:password@", with or
// without a scheme before it) is never shown.
std::string printable_url_value(std::string_view url) {
  return url_userinfo::hidden(url, url_userinfo::find_in_value(url));
}

bool is_scalar(const json::value& v) {
  return v.is_string() || v.is_int64() || v.is_uint64() || v.is_double() || v.is_bool();
}

// Why `v` is not of `type`, or "" when it is.
std::string type_problem(const ConfigKeyInfo& key, const json::value& v) {
  if (v.is_null()) return {};
  const std::string shown = key.type == ConfigType::secret ? std::string("a value") : json::serialize(v);
  switch (key.type) {
    case ConfigType::ignored:
      return {};
    case ConfigType::string:
    case ConfigType::secret:
      return is_scalar(v) ? std::string() : "expected a string, got " + shown;
    case ConfigType::url: {
      if (!v.is_string()) return "expected a URL, got a " + std::string(v.is_array() ? "list" : v.is_object() ? "mapping" : "non-string value");
      const json::string& s = v.as_string();
      if (s.empty() || config_value::has_url_scheme(s)) return {};
      return "expected a URL with a scheme (http:// or https://), got '" + printable_url_value(s) + "'";
    }
    case ConfigType::boolean:
      if (v.is_bool() || (v.is_string() && (v.as_string().empty() ||
                                             config_value::parse_boolean(v.as_string()))))
        return {};
      return "expected a boolean (true/false), got " + shown;
    case ConfigType::integer:
    case ConfigType::duration: {
      std::optional<std::int64_t> n;
      if (v.is_int64()) n = v.as_int64();
      if (v.is_string()) {
        if (v.as_string().empty()) return {};
        n = config_value::parse_integer(v.as_string());
      }
      if (!n) return "expected an integer, got " + shown;
      if (key.type == ConfigType::duration && !config_value::to_duration(*n))
        return config_value::duration_expected() + ", got " + shown;
      return {};
    }
    case ConfigType::string_list: {
      if (!v.is_array()) return "expected a list of strings, got " + shown;
      for (const auto& item : v.as_array())
        if (!item.is_string()) return "expected a list of strings, got " + shown;
      return {};
    }
    case ConfigType::mapping:
      return v.is_object() ? std::string() : "expected a mapping, got " + shown;
  }
  return {};
}

// A default is YAML text, read as the run.yaml is (${env...} substituted),
// with "{distro_dir}" standing for the distribution directory.
json::value declared_default(const std::string& provider_id, const ConfigKeyInfo& key,
                             const DefaultsContext& context) {
  const std::string text = with_distro_dir(*key.default_value, context.distro_dir);
  json::object parsed = config_detail::parse_yaml_object(
      "value: " + text, "the declared default of provider '" + provider_id + "' key '" + key.name + "'",
      context.env);
  return parsed["value"];
}

}  // namespace

std::vector<ConfigKeyInfo> copy_config_schema(const ConfigSchema& schema, const std::string& file) {
  std::vector<ConfigKeyInfo> keys;
  std::set<std::string> names;
  auto claim = [&](const std::string& name) {
    if (!names.insert(name).second)
      throw PluginError(file, "descriptor", "config key '" + name + "' is declared twice");
  };
  if (schema.count > 0 && schema.keys == nullptr)
    throw PluginError(file, "descriptor", "config schema has keys but no array");
  for (const ConfigKey& key : schema) {
    if (key.name == nullptr || *key.name == '\0')
      throw PluginError(file, "descriptor", "a config key has no name");
    ConfigKeyInfo info;
    info.name = key.name;
    info.type = key.type;
    if (key.default_value != nullptr) info.default_value = key.default_value;
    if (key.env_var != nullptr) info.env_var = key.env_var;
    if (key.description != nullptr) info.description = key.description;
    if (key.aliases != nullptr) info.aliases = split_list(key.aliases, ',');
    info.in_sample = key.in_sample && key.type != ConfigType::ignored;
    // A default the check would refuse in run.yaml is the descriptor's mistake.
    // (Scalar defaults only: one with ${env...} in it is checked once read.)
    if (info.default_value && !info.default_value->empty() && info.type != ConfigType::ignored &&
        info.type != ConfigType::mapping && info.type != ConfigType::string_list &&
        info.default_value->find("${") == std::string::npos) {
      const std::string problem = type_problem(info, json::value(*info.default_value));
      if (!problem.empty())
        throw PluginError(file, "descriptor",
                          "config key '" + info.name + "' has a default its type refuses: " + problem);
    }
    claim(info.name);
    for (const auto& a : info.aliases) claim(a);
    keys.push_back(std::move(info));
  }
  return keys;
}

json::object checked_provider_config(const std::string& provider_id,
                                     const std::vector<ConfigKeyInfo>& keys,
                                     const json::object& config, const DefaultsContext& context) {
  json::object out;
  std::map<std::string, std::string> given_as;  // declared name → the name the file used
  for (const auto& [name, value] : config) {
    const ConfigKeyInfo* key = nullptr;
    for (const auto& k : keys) {
      if (k.name == name || std::find(k.aliases.begin(), k.aliases.end(), name) != k.aliases.end())
        key = &k;
    }
    if (key == nullptr)
      throw ProviderConfigError(provider_id, std::string(name),
                                "unknown key; this provider's keys are: " + known_keys(keys));
    if (auto [it, fresh] = given_as.emplace(key->name, std::string(name)); !fresh)
      throw ProviderConfigError(provider_id, std::string(name),
                                "given twice, as '" + it->second + "' and as '" +
                                    std::string(name) + "' (names of the same key)");
    if (key->type == ConfigType::ignored) continue;
    if (std::string problem = type_problem(*key, value); !problem.empty())
      throw ProviderConfigError(provider_id, std::string(name), problem);
    out[key->name] = value;
  }
  for (const auto& k : keys) {
    if (!k.default_value || k.type == ConfigType::ignored) continue;
    const json::value* v = out.if_contains(k.name);
    if (v != nullptr && !v->is_null() && !(v->is_string() && v->as_string().empty())) continue;
    json::value filled = declared_default(provider_id, k, context);
    if (filled.is_null() || (filled.is_string() && filled.as_string().empty())) continue;
    if (std::string problem = type_problem(k, filled); !problem.empty())
      throw ProviderConfigError(provider_id, k.name, "its declared default: " + problem);
    out[k.name] = std::move(filled);
  }
  return out;
}

}  // namespace llama_stack
