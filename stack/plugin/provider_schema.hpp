#pragma once
// A provider's declared config keys (ConfigSchema in its descriptor), copied
// out of the plugin so they outlive nothing they point into, and what the
// stack does with them: the sample config, and the check of a run.yaml's
// config block before the provider's factory sees it.
#include "stack/config/environment.hpp"

#include <llama_stack/config_schema.hpp>

#include <boost/json/object.hpp>

#include <optional>
#include <string_view>
#include <string>
#include <vector>

namespace llama_stack {

struct ConfigKeyInfo {
  std::string name;
  ConfigType type = ConfigType::string;
  std::optional<std::string> default_value;  // YAML text
  std::string env_var;
  std::string description;
  std::vector<std::string> aliases;
  bool in_sample = true;
};

// Copies a descriptor's schema; PluginError (stage "descriptor") naming
// `file` for a key without a name, or a name or alias declared twice.
std::vector<ConfigKeyInfo> copy_config_schema(const ConfigSchema& schema, const std::string& file);

// "url: ${env.OLLAMA_URL:=http://localhost:11434}\n" per key in the sample.
std::string sample_config_yaml(const std::vector<ConfigKeyInfo>& keys);

// "string", "url", "boolean", ...
const char* config_type_name(ConfigType type) noexcept;

// What a declared default is read with: the environment its ${env...}
// references are resolved in, and what "{distro_dir}" stands for.
struct DefaultsContext {
  const Environment& env;
  std::string distro_dir;  // "~/.llama/distributions/starter"
};

inline constexpr std::string_view kDistroDir = "{distro_dir}";

// `text` with every "{distro_dir}" replaced.
std::string with_distro_dir(std::string text, std::string_view distro_dir);

// Checks `config` against `keys` and returns it with aliases renamed to the
// declared names and every key that is absent or an empty string given its
// declared default (YAML text, read as a run.yaml is). Throws
// ProviderConfigError naming `provider_id` and the key for an unknown key
// (listing the known ones), a key given under two of its names, or a value
// of the wrong type (never echoing a secret's value).
boost::json::object checked_provider_config(const std::string& provider_id,
                                            const std::vector<ConfigKeyInfo>& keys,
                                            const boost::json::object& config,
                                            const DefaultsContext& context);

}  // namespace llama_stack
