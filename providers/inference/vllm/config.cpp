// The remote::vllm plugin: a vLLM server. Only configuration over
// openai_compat. `url` is the OpenAI base (http://host:8000/v1); models are
// listed by GET /models. `max_tokens`, in the Python config, is validated but
// not sent: the Python stack does not send it on this path either, and the
// outbound body stays the caller's.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(VLLM, "remote::vllm", "vLLM through its OpenAI-compatible server",
    ({.display_name = "vLLM", .key = {.config_key = "api_token", .provider_data_field = "vllm_api_token", .required = false}}),
    {.name = "url", .type = ConfigType::url, .default_value = "", .env_var = "VLLM_URL", .description = "the vLLM server's OpenAI base (http://host:8000/v1)", .aliases = "base_url"},
    {.name = "max_tokens", .type = ConfigType::integer, .default_value = "4096", .env_var = "VLLM_MAX_TOKENS", .description = "checked, not sent (as in the Python stack)"},
    {.name = "api_token", .type = ConfigType::secret, .default_value = "fake", .env_var = "VLLM_API_TOKEN", .description = "sent as a bearer token"},
    {.name = "tls_verify", .type = ConfigType::boolean, .default_value = "true", .env_var = "VLLM_TLS_VERIFY", .description = "verify the server's TLS certificate"})
