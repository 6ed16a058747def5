// The remote::sambanova plugin: SambaNova. Only configuration over
// openai_compat. Models are listed by GET /models.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(SambaNova, "remote::sambanova", "SambaNova through its OpenAI-compatible API",
    ({.display_name = "SambaNova", .key = {.provider_data_field = "sambanova_api_key"}}),
    {.name = "url", .type = ConfigType::url, .default_value = "https://api.sambanova.ai/v1", .description = "the SambaNova API base URL", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "SAMBANOVA_API_KEY", .description = "the SambaNova API key (or provider data sambanova_api_key)"})
