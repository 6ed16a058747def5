#pragma once
// The config keys a provider accepts, declared once in its descriptor. The
// stack checks a run.yaml's config block against them before the provider's
// factory runs (an unknown or mistyped key is an error naming the provider,
// the key and the keys it knows), renames aliases to the declared name, and
// generates the provider's sample config (used by ad-hoc stack specs such as
// `inference=ollama`) from the defaults and environment variables.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace llama_stack {

enum class ConfigType : std::uint8_t {
  string,
  secret,       // a string never echoed in errors or logs (keys, tokens)
  url,          // a string with a scheme (http://, https://), or empty
  boolean,      // true/false, or the strings true/false/1/0/yes/no
  integer,      // a number, or a string holding one
  string_list,  // a YAML list of strings
  mapping,      // a nested YAML mapping, checked by the provider
  ignored,      // accepted for compatibility with the Python stack's configs, not used
  duration,     // whole seconds (1 to 86400), or a string holding them
};

struct ConfigKey {
  const char* name = nullptr;
  ConfigType type = ConfigType::string;
  // The value when the key is absent or empty, as YAML text; nullptr: no
  // default. The only place a provider's default lives: ProviderConfig
  // answers it, behaviour code keeps no fallback. "{distro_dir}" in it
  // stands for the stack's distribution directory
  // (~/.llama/distributions/<image_name>, the Python stack's __distro_dir__);
  // the sample config leaves such a default to the stack.
  const char* default_value = nullptr;
  // The variable the sample config reads the value from, named in the
  // provider's errors ("set OLLAMA_URL"); nullptr: none.
  const char* env_var = nullptr;
  const char* description = "";
  // Comma-separated other names of the key ("base_url" for url): the
  // Python stack's configs use both over its versions.
  const char* aliases = nullptr;
  // Whether the sample config carries the key.
  bool in_sample = true;
};

// A provider's declared keys: a pointer into its descriptor's static array.
struct ConfigSchema {
  const ConfigKey* keys = nullptr;
  std::size_t count = 0;

  constexpr ConfigSchema() = default;
  template <std::size_t N>
  constexpr ConfigSchema(const ConfigKey (&array)[N]) noexcept : keys(array), count(N) {}
  constexpr ConfigSchema(const ConfigKey* k, std::size_t n) noexcept : keys(k), count(n) {}
  template <std::size_t N>
  constexpr ConfigSchema(const std::array<ConfigKey, N>& array) noexcept
      : keys(array.data()), count(N) {}
  constexpr const ConfigKey* begin() const noexcept { return keys; }
  constexpr const ConfigKey* end() const noexcept { return keys + count; }
};

// A provider's own keys followed by the keys of a kit it is built on (what
// the kit reads for every provider), except those the provider declares
// itself (its own default or variable wins):
//   constexpr KeysWithKit<2, 3> kKeys(kOwn, kKitKeys);
template <std::size_t N, std::size_t M>
struct KeysWithKit {
  std::array<ConfigKey, N + M> keys{};
  std::size_t count = 0;

  constexpr KeysWithKit(const ConfigKey (&own)[N], const ConfigKey (&kit)[M]) {
    for (const auto& k : own) keys[count++] = k;
    for (const auto& c : kit) {
      bool declared = false;
      for (const auto& k : own) declared |= std::string_view(k.name) == c.name;
      if (!declared) keys[count++] = c;
    }
  }
  constexpr ConfigSchema schema() const { return {keys.data(), count}; }
};

}  // namespace llama_stack
