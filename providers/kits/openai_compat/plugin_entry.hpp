#pragma once
// What an inference provider's config.cpp needs beside the SDK's
// provider_descriptor and make_provider: the factory of a provider that is
// only a profile, and the keys every provider on openai_compat accepts.
#include "providers/kits/openai_compat/profile.hpp"

#include <llama_stack/plugin.hpp>

#include <array>
#include <memory>
#include <string_view>

namespace llama_stack::providers {

// The factory of a provider that is only configuration.
template <const OpenAICompatProfile& kProfile>
std::unique_ptr<Provider> create_from_profile(const ProviderContext& context) {
  return make_openai_compat(context, kProfile);
}

// The keys settings_from reads for every provider built on openai_compat.
inline constexpr ConfigKey kOpenAICompatCommonKeys[] = {
    {.name = "tls_verify", .type = ConfigType::boolean, .default_value = "true",
     .description = "verify the server's TLS certificate", .in_sample = false},
    {.name = "timeout", .type = ConfigType::duration, .default_value = "120",
     .description = "seconds a request may take", .in_sample = false},
    {.name = "allowed_models", .type = ConfigType::string_list,
     .description = "list only these provider model ids", .in_sample = false},
    {.name = "network", .type = ConfigType::mapping,
     .description = "the newer config format's network settings: tls.verify, timeout",
     .in_sample = false},
};

// A provider's own keys followed by the common ones it does not declare
// itself (vLLM declares tls_verify with its environment variable).
template <std::size_t N>
struct OpenAICompatKeys {
  static constexpr std::size_t kCommon = std::size(kOpenAICompatCommonKeys);
  std::array<ConfigKey, N + kCommon> keys{};
  std::size_t count = 0;

  constexpr explicit OpenAICompatKeys(const ConfigKey (&own)[N]) {
    for (const auto& k : own) keys[count++] = k;
    for (const auto& c : kOpenAICompatCommonKeys) {
      bool declared = false;
      for (const auto& k : own) declared |= std::string_view(k.name) == c.name;
      if (!declared) keys[count++] = c;
    }
  }
  constexpr ConfigSchema schema() const { return {keys.data(), count}; }
};

}  // namespace llama_stack::providers
