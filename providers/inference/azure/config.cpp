// The remote::azure plugin: descriptor and factory. Azure's URL and key
// rules live in azure_inference.cpp.
#include "providers/inference/azure/azure_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Azure, "remote::azure",
    "Azure OpenAI through its v1 API",
    &make_provider<AzureInference>,
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "AZURE_API_KEY", .description = "the Azure OpenAI key (or provider data azure_api_key)"},
    {.name = "api_base", .type = ConfigType::url, .default_value = "", .env_var = "AZURE_API_BASE", .description = "the resource URL (https://<name>.openai.azure.com)", .aliases = "base_url"},
    {.name = "api_version", .type = ConfigType::string, .default_value = "", .env_var = "AZURE_API_VERSION", .description = "sent as api-version when set"},
    {.name = "api_type", .type = ConfigType::ignored, .description = "Python: LiteLLM's api_type; this provider always uses the Azure OpenAI v1 API"})
