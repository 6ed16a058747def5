// The remote::gemini plugin: Google Gemini through its OpenAI-compatible
// endpoint. Only configuration over openai_compat. Models are listed by
// GET /models (ids such as models/gemini-2.5-flash).
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kGemini{
    .display_name = "Gemini",
    .url = {.config_key = "base_url",
            .fallback = "https://generativelanguage.googleapis.com/v1beta/openai"},
    .key = {.env_var = "GEMINI_API_KEY", .provider_data_field = "gemini_api_key"},
    .known_models = {{"models/text-embedding-004", "embedding", 768, 2048},
                     {"models/gemini-embedding-001", "embedding", 3072, 2048}},
};

}  // namespace

extern const ProviderDescriptor kGeminiDescriptor =
    inference_descriptor("remote::gemini", "Google Gemini through its OpenAI-compatible API",
                         "api_key: ${env.GEMINI_API_KEY:=}\n", &create_from_profile<kGemini>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kGeminiDescriptor)
