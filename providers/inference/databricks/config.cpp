// The remote::databricks plugin: descriptor and factory. Behaviour lives in
// databricks_inference.cpp.
#include "providers/inference/databricks/databricks_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

constexpr OpenAICompatKeys kDatabricksKeys({
    {.name = "url", .type = ConfigType::url, .default_value = "", .env_var = "DATABRICKS_HOST", .description = "the workspace URL (its /serving-endpoints API is used)", .aliases = "base_url"},
    {.name = "api_token", .type = ConfigType::secret, .default_value = "", .env_var = "DATABRICKS_TOKEN", .description = "the Databricks token"},
});

extern const ProviderDescriptor kDatabricksDescriptor = provider_descriptor(
    "inference", "remote::databricks",
    "Databricks model serving through its OpenAI-compatible endpoints",
    kDatabricksKeys.schema(), &make_provider<DatabricksInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kDatabricksDescriptor)
