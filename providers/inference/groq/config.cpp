// The remote::groq plugin: Groq. Only configuration over openai_compat. The
// OpenAI routes live under <url>/openai/v1; models are listed by GET /models.
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(Groq, "remote::groq", "Groq through its OpenAI-compatible API",
    ({.display_name = "Groq", .url = {.api_path = "/openai/v1"}, .key = {.provider_data_field = "groq_api_key"}}),
    {.name = "url", .type = ConfigType::url, .default_value = "https://api.groq.com", .description = "the Groq server (its /openai/v1 API is used)", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "GROQ_API_KEY", .description = "the Groq API key (or provider data groq_api_key)"})
