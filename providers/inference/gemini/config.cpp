// The remote::gemini plugin: Google Gemini through its OpenAI-compatible
// endpoint. Only configuration over openai_compat. Models are listed by
// GET /models (ids such as models/gemini-2.5-flash).
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_OPENAI_COMPAT_PROVIDER(Gemini, "remote::gemini", "Google Gemini through its OpenAI-compatible API",
    ({
        .display_name = "Gemini",
        .url = {.config_key = "base_url"},
        .key = {.provider_data_field = "gemini_api_key"},
        .known_models = {{"models/text-embedding-004", "embedding", 768, 2048},
                         {"models/gemini-embedding-001", "embedding", 3072, 2048}},
    }),
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "GEMINI_API_KEY", .description = "the Gemini API key (or provider data gemini_api_key)"},
    {.name = "base_url", .type = ConfigType::url, .default_value = "https://generativelanguage.googleapis.com/v1beta/openai", .description = "the Gemini OpenAI-compatible endpoint", .in_sample = false},
    {.name = "access_token", .type = ConfigType::ignored, .description = "Python: Vertex AI access token; this provider authenticates with api_key only"},
    {.name = "project", .type = ConfigType::ignored, .description = "Python: Vertex AI project; this provider authenticates with api_key only"})
