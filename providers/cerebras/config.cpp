// The remote::cerebras plugin: Cerebras. Only configuration over
// openai_compat. The OpenAI routes live under <base_url>/v1; models are
// listed by GET /models. Cerebras serves no embeddings.
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kCerebras{
    .display_name = "Cerebras",
    .url = {.config_key = "base_url", .fallback = "https://api.cerebras.ai", .api_path = "/v1"},
    .key = {.env_var = "CEREBRAS_API_KEY", .provider_data_field = "cerebras_api_key"},
    .embeddings = false,
};

}  // namespace

extern const ProviderDescriptor kCerebrasDescriptor =
    inference_descriptor("remote::cerebras", "Cerebras through its OpenAI-compatible API",
                         "base_url: https://api.cerebras.ai\n"
                         "api_key: ${env.CEREBRAS_API_KEY:=}\n",
                         &create_from_profile<kCerebras>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kCerebrasDescriptor)
