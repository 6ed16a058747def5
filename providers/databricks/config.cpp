// The remote::databricks plugin: descriptor and factory. Behaviour lives in
// databricks_inference.cpp.
#include "providers/databricks/databricks_inference.hpp"
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

extern const ProviderDescriptor kDatabricksDescriptor = inference_descriptor(
    "remote::databricks", "Databricks model serving through its OpenAI-compatible endpoints",
    "url: ${env.DATABRICKS_HOST:=}\n"
    "api_token: ${env.DATABRICKS_TOKEN:=}\n",
    &create<DatabricksInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kDatabricksDescriptor)
