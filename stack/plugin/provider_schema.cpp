#include "stack/plugin/provider_schema.hpp"

#include "stack/config/split_list.hpp"
#include "stack/config/yaml_json.hpp"

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
  }
  return "unknown";
}

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
    claim(info.name);
    for (const auto& a : info.aliases) claim(a);
    keys.push_back(std::move(info));
  }
  return keys;
}

std::string sample_config_yaml(const std::vector<ConfigKeyInfo>& keys) {
  std::string out;
  for (const auto& key : keys) {
    if (!key.in_sample || (key.env_var.empty() && !key.default_value)) continue;
    const std::string value = key.default_value.value_or("");
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
      if (s.empty() || std::string_view(s).find("://") != std::string_view::npos) return {};
      return "expected a URL with a scheme (http:// or https://), got '" + printable_url_value(s) + "'";
    }
    case ConfigType::boolean: {
      if (v.is_bool()) return {};
      if (v.is_string()) {
        std::string s(v.as_string());
        for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s.empty() || s == "true" || s == "false" || s == "1" || s == "0" || s == "yes" ||
            s == "no")
          return {};
      }
      return "expected a boolean (true/false), got " + shown;
    }
    case ConfigType::integer: {
      if (v.is_int64() || v.is_uint64()) return {};
      if (v.is_string()) {
        const std::string s(v.as_string());
        if (s.empty()) return {};
        std::size_t used = 0;
        try {
          (void)std::stoll(s, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        if (used == s.size()) return {};
      }
      return "expected an integer, got " + shown;
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

}  // namespace

json::object checked_provider_config(const std::string& provider_id,
                                     const std::vector<ConfigKeyInfo>& keys,
                                     const json::object& config) {
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
  for (const auto& k : keys)
    if (k.default_value && !out.contains(k.name) && k.type != ConfigType::ignored)
      out[k.name] = config_detail::resolve_plain_scalar(*k.default_value);
  return out;
}

}  // namespace llama_stack
