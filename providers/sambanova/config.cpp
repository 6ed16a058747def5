// The remote::sambanova plugin: SambaNova. Only configuration over
// openai_compat. Models are listed by GET /models.
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kSambaNova{
    .display_name = "SambaNova",
    .url = {.fallback = "https://api.sambanova.ai/v1"},
    .key = {.env_var = "SAMBANOVA_API_KEY", .provider_data_field = "sambanova_api_key"},
};

}  // namespace

extern const ProviderDescriptor kSambaNovaDescriptor =
    inference_descriptor("remote::sambanova", "SambaNova through its OpenAI-compatible API",
                         "url: https://api.sambanova.ai/v1\n"
                         "api_key: ${env.SAMBANOVA_API_KEY:=}\n",
                         &create_from_profile<kSambaNova>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kSambaNovaDescriptor)
