// The remote::fireworks plugin: Fireworks AI. Only configuration over
// openai_compat. Models are listed by GET /models (ids such as
// accounts/fireworks/models/llama-v3p1-8b-instruct).
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(Fireworks, "remote::fireworks", "Fireworks AI through its OpenAI-compatible API",
    ({
        .display_name = "Fireworks",
        .key = {.provider_data_field = "fireworks_api_key"},
        .known_models = {{"nomic-ai/nomic-embed-text-v1.5", "embedding", 768, 8192},
                         {"accounts/fireworks/models/qwen3-embedding-8b", "embedding", 4096, 40960}},
    }),
    {.name = "url", .type = ConfigType::url, .default_value = "https://api.fireworks.ai/inference/v1", .description = "the Fireworks API base URL", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "FIREWORKS_API_KEY", .description = "the Fireworks API key (or provider data fireworks_api_key)"})
