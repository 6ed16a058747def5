// The remote::ollama plugin: descriptor and factory. Behaviour lives in
// ollama_inference.cpp.
#include "providers/inference/ollama/ollama_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Ollama, "remote::ollama",
    "Ollama through its OpenAI-compatible API (/v1), with /api/tags and /api/ps",
    &make_provider<OllamaInference>,
    {.name = "url", .type = ConfigType::url, .default_value = "http://localhost:11434", .env_var = "OLLAMA_URL", .description = "the Ollama server (its /v1 API is used)", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .description = "sent as a bearer token, for an Ollama behind a proxy", .in_sample = false},
    {.name = "model_discovery", .type = ConfigType::string, .default_value = "openai", .description = "how models are listed: openai (/v1/models) or tags (/api/tags)", .in_sample = false})
