#pragma once
// A provider that is only configuration over the OpenAI-compatible
// implementation: where its API lives, how its key is sent, what it knows
// about its models. Each provider's config.cpp declares one profile beside
// its config keys; the profile names keys, the keys hold the values.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

#include <llama_stack/plugin.hpp>

#include <memory>
#include <string>
#include <vector>

namespace llama_stack::providers {

// Which declared key holds the server's URL. Its default and its variable
// (named in errors) are the declaration's; a URL key without a default is
// required.
struct UrlRule {
  std::string config_key = "url";
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
// key's config key, and kOpenAICompatCommonKeys (tls_verify, timeout,
// allowed_models, network; max_tokens when declared). Errors name the
// provider_id and the key.
OpenAICompatSettings settings_from(const ProviderContext& context,
                                   const OpenAICompatProfile& profile);

// The whole factory of a provider that is only configuration.
std::unique_ptr<Provider> make_openai_compat(const ProviderContext& context,
                                             const OpenAICompatProfile& profile);

}  // namespace llama_stack::providers
