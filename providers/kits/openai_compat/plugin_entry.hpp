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
struct OpenAICompatKeys : KeysWithKit<N, std::size(kOpenAICompatCommonKeys)> {
  constexpr explicit OpenAICompatKeys(const ConfigKey (&own)[N])
      : KeysWithKit<N, std::size(kOpenAICompatCommonKeys)>(own, kOpenAICompatCommonKeys) {}
};

}  // namespace llama_stack::providers

#define LLAMA_STACK_UNPAREN(...) __VA_ARGS__

// An inference plugin on this kit in one declaration: NAME, its
// provider_type, description and factory, then its own config keys (the
// common ones follow them). Defines kNAMEKeys and kNAMEDescriptor and exports
// the descriptor.
#define LLAMA_STACK_INFERENCE_PLUGIN(NAME, PROVIDER_TYPE, DESCRIPTION, FACTORY, ...)          \
  namespace llama_stack::providers {                                                          \
  constexpr OpenAICompatKeys k##NAME##Keys({__VA_ARGS__});                                  \
  LLAMA_STACK_PROVIDER_DESCRIPTOR(k##NAME##Descriptor, "inference", PROVIDER_TYPE,           \
                                  DESCRIPTION, k##NAME##Keys.schema(), FACTORY)             \
  }

// The same for a provider that is only configuration: PROFILE, a
// parenthesised OpenAICompatProfile, becomes kNAME, and its factory is
// create_from_profile<kNAME>.
#define LLAMA_STACK_OPENAI_COMPAT_PROVIDER(NAME, PROVIDER_TYPE, DESCRIPTION, PROFILE, ...)     \
  namespace llama_stack::providers {                                                          \
  const OpenAICompatProfile k##NAME = OpenAICompatProfile LLAMA_STACK_UNPAREN PROFILE;      \
  }                                                                                           \
  LLAMA_STACK_INFERENCE_PLUGIN(NAME, PROVIDER_TYPE, DESCRIPTION,                              \
                               &create_from_profile<k##NAME>, __VA_ARGS__)
