// The remote::anthropic plugin: descriptor and factory. Behaviour lives in
// anthropic_inference.cpp and messages_translation.cpp.
#include "providers/inference/anthropic/anthropic_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Anthropic, "remote::anthropic",
    "Anthropic Claude through the Messages API (chat completions translated)",
    &make_provider<AnthropicInference>,
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "ANTHROPIC_API_KEY", .description = "the Anthropic API key (or provider data anthropic_api_key)"},
    {.name = "base_url", .type = ConfigType::url, .default_value = "https://api.anthropic.com/v1", .description = "the Anthropic API base URL", .in_sample = false},
    {.name = "max_tokens", .type = ConfigType::integer, .default_value = "4096", .description = "max_tokens sent when the request has none", .in_sample = false})
