// The remote::vllm plugin: a vLLM server. Only configuration over
// openai_compat. `url` is the OpenAI base (http://host:8000/v1); models are
// listed by GET /models. `max_tokens`, in the Python config, is validated but
// not sent: the Python stack does not send it on this path either, and the
// outbound body stays the caller's.
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {
namespace {

const OpenAICompatProfile kVLLM{
    .display_name = "vLLM",
    .url = {.env_var = "VLLM_URL"},
    .key = {.config_key = "api_token",
            .env_var = "VLLM_API_TOKEN",
            .provider_data_field = "vllm_api_token",
            .required = false},
};

}  // namespace

extern const ProviderDescriptor kVLLMDescriptor =
    inference_descriptor("remote::vllm", "vLLM through its OpenAI-compatible server",
                         "url: ${env.VLLM_URL:=}\n"
                         "max_tokens: ${env.VLLM_MAX_TOKENS:=4096}\n"
                         "api_token: ${env.VLLM_API_TOKEN:=fake}\n"
                         "tls_verify: ${env.VLLM_TLS_VERIFY:=true}\n",
                         &create_from_profile<kVLLM>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kVLLMDescriptor)
