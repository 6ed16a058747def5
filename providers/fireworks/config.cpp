// The remote::fireworks plugin: Fireworks AI. Only configuration over
// openai_compat. Models are listed by GET /models (ids such as
// accounts/fireworks/models/llama-v3p1-8b-instruct).
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kFireworks{
    .display_name = "Fireworks",
    .url = {.fallback = "https://api.fireworks.ai/inference/v1"},
    .key = {.env_var = "FIREWORKS_API_KEY", .provider_data_field = "fireworks_api_key"},
    .known_models = {{"nomic-ai/nomic-embed-text-v1.5", "embedding", 768, 8192},
                     {"accounts/fireworks/models/qwen3-embedding-8b", "embedding", 4096, 40960}},
};

}  // namespace

extern const ProviderDescriptor kFireworksDescriptor =
    inference_descriptor("remote::fireworks", "Fireworks AI through its OpenAI-compatible API",
                         "url: https://api.fireworks.ai/inference/v1\n"
                         "api_key: ${env.FIREWORKS_API_KEY:=}\n",
                         &create_from_profile<kFireworks>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kFireworksDescriptor)
