// The remote::groq plugin: Groq. Only configuration over openai_compat. The
// OpenAI routes live under <url>/openai/v1; models are listed by GET /models.
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kGroq{
    .display_name = "Groq",
    .url = {.fallback = "https://api.groq.com", .api_path = "/openai/v1"},
    .key = {.env_var = "GROQ_API_KEY", .provider_data_field = "groq_api_key"},
};

}  // namespace

extern const ProviderDescriptor kGroqDescriptor =
    inference_descriptor("remote::groq", "Groq through its OpenAI-compatible API",
                         "url: https://api.groq.com\n"
                         "api_key: ${env.GROQ_API_KEY:=}\n",
                         &create_from_profile<kGroq>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kGroqDescriptor)
