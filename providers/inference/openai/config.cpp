// The remote::openai plugin: OpenAI's own API. Only configuration over
// openai_compat. Models are listed by GET /models; their listing has no
// embedding dimensions, so the embedding models are known here.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(OpenAI, "remote::openai", "OpenAI through its own API; models from GET /models",
    ({
        .display_name = "OpenAI",
        .url = {.config_key = "base_url"},
        .key = {.provider_data_field = "openai_api_key"},
        .known_models = {{"text-embedding-3-small", "embedding", 1536, 8192},
                         {"text-embedding-3-large", "embedding", 3072, 8192},
                         {"text-embedding-ada-002", "embedding", 1536, 8192}},
    }),
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "OPENAI_API_KEY", .description = "the OpenAI API key (or provider data openai_api_key)"},
    {.name = "base_url", .type = ConfigType::url, .default_value = "https://api.openai.com/v1", .env_var = "OPENAI_BASE_URL", .description = "the OpenAI API base URL"})
