// The remote::nvidia plugin: descriptor and factory. Behaviour lives in
// nvidia_inference.cpp.
#include "providers/inference/nvidia/nvidia_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Nvidia, "remote::nvidia",
    "NVIDIA NIM (hosted or self-hosted) through its OpenAI-compatible API",
    &make_provider<NvidiaInference>,
    {.name = "url", .type = ConfigType::url, .default_value = "https://integrate.api.nvidia.com", .env_var = "NVIDIA_BASE_URL", .description = "NVIDIA NIM: the hosted API or a self-hosted NIM", .aliases = "base_url"},
    {.name = "api_key", .type = ConfigType::secret, .default_value = "", .env_var = "NVIDIA_API_KEY", .description = "the NVIDIA API key (required for the hosted API)"},
    {.name = "guardrails_service_url", .type = ConfigType::ignored, .description = "Python: NeMo Guardrails (the safety provider's key, repeated under inference in nvidia/run-with-safety.yaml; the Python stack ignores it there too)"},
    {.name = "config_id", .type = ConfigType::ignored, .description = "Python: NeMo Guardrails config (see guardrails_service_url)"},
    {.name = "append_api_version", .type = ConfigType::boolean, .default_value = "True", .env_var = "NVIDIA_APPEND_API_VERSION", .description = "append /v1 to url"})
