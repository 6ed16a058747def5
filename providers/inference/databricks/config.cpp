// The remote::databricks plugin: descriptor and factory. Behaviour lives in
// databricks_inference.cpp.
#include "providers/inference/databricks/databricks_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

LLAMA_STACK_INFERENCE_PLUGIN(
    Databricks, "remote::databricks",
    "Databricks model serving through its OpenAI-compatible endpoints",
    &make_provider<DatabricksInference>,
    {.name = "url", .type = ConfigType::url, .default_value = "", .env_var = "DATABRICKS_HOST", .description = "the workspace URL (its /serving-endpoints API is used)", .aliases = "base_url"},
    {.name = "api_token", .type = ConfigType::secret, .default_value = "", .env_var = "DATABRICKS_TOKEN", .description = "the Databricks token"})
