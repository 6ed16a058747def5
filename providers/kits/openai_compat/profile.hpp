#pragma once
// A provider that is only configuration over the OpenAI-compatible
// implementation: where its API lives, how its key is sent, what it knows
// about its models. Each provider's config.cpp declares one profile; the
// config keys read here are those the starter run.yaml uses.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

#include <llama_stack/plugin.hpp>

#include <memory>
#include <string>
#include <vector>

namespace llama_stack::providers {

struct UrlRule {
  std::string config_key = "url";
  // Used when the key is unset or empty; empty: the key is required.
  std::string fallback{};
  // The variable the starter run.yaml reads it from, named in errors.
  std::string env_var{};
  // Appended to reach the OpenAI routes ("/v1"), unless already there.
  std::string api_path{};
};

struct OpenAICompatProfile {
  std::string display_name{};  // "Together", used in messages
  UrlRule url{};
  ApiKeyRule key{};
  std::vector<KnownModel> known_models{};
  bool completions = true;
  bool embeddings = true;
  std::vector<std::string> rejected_embedding_params{};
};

// Reads a provider's config block by its profile's rules: the URL key, the
// key's config key, tls_verify, timeout (seconds), allowed_models,
// max_tokens. Errors name the provider_id and the key.
OpenAICompatSettings settings_from(const ProviderContext& context,
                                   const OpenAICompatProfile& profile);

// The whole factory of a provider that is only configuration.
std::unique_ptr<Provider> make_openai_compat(const ProviderContext& context,
                                             const OpenAICompatProfile& profile);

}  // namespace llama_stack::providers
