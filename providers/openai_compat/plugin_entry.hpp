#pragma once
// What each provider's config.cpp exports: an inference ProviderDescriptor
// whose factory builds the provider from its context. One way to write it
// for every provider of this repository.
#include "providers/openai_compat/profile.hpp"

#include <llama_stack/plugin.hpp>

#include <memory>

namespace llama_stack::providers {

// The factory of a provider class constructed from its ProviderContext.
template <class ProviderT>
std::unique_ptr<Provider> create(const ProviderContext& context) {
  return std::make_unique<ProviderT>(context);
}

// The factory of a provider that is only configuration.
template <const OpenAICompatProfile& kProfile>
std::unique_ptr<Provider> create_from_profile(const ProviderContext& context) {
  return make_openai_compat(context, kProfile);
}

constexpr ProviderDescriptor inference_descriptor(const char* provider_type,
                                                  const char* description,
                                                  const char* sample_config,
                                                  ProviderFactory factory) {
  return {kSdkAbiVersion, kSdkVersion,   "inference", provider_type,
          description,    sample_config, "",          factory};
}

}  // namespace llama_stack::providers
