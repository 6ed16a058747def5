// The remote::azure plugin: descriptor and factory. Azure's URL and key
// rules live in azure_inference.cpp.
#include "providers/azure/azure_inference.hpp"
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

extern const ProviderDescriptor kAzureDescriptor =
    inference_descriptor("remote::azure", "Azure OpenAI through its v1 API",
                         "api_key: ${env.AZURE_API_KEY:=}\n"
                         "api_base: ${env.AZURE_API_BASE:=}\n"
                         "api_version: ${env.AZURE_API_VERSION:=}\n"
                         "api_type: ${env.AZURE_API_TYPE:=}\n",
                         &create<AzureInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kAzureDescriptor)
