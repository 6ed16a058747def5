// The remote::cerebras plugin: Cerebras. Only configuration over
// openai_compat. The OpenAI routes live under <base_url>/v1; models are
// listed by GET /models. Cerebras serves no embeddings.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(Cerebras, "remote::cerebras", "Cerebras through its OpenAI-compatible API",
    ({.display_name = "Cerebras", .url = {.config_key = "base_url", .api_path = "/v1"}, .key = {.provider_data_field = "cerebras_api_key"}, .embeddings = false}),
    {.name = "base_url", .type = ConfigType::url, .default_value = "https://api.cerebras.ai", .description = "the Cerebras server (its /v1 API is used)", .aliases = "url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "CEREBRAS_API_KEY", .description = "the Cerebras API key (or provider data cerebras_api_key)"})
