// The remote::nvidia plugin: descriptor and factory. Behaviour lives in
// nvidia_inference.cpp.
#include "providers/nvidia/nvidia_inference.hpp"
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

extern const ProviderDescriptor kNvidiaDescriptor = inference_descriptor(
    "remote::nvidia", "NVIDIA NIM (hosted or self-hosted) through its OpenAI-compatible API",
    "url: ${env.NVIDIA_BASE_URL:=https://integrate.api.nvidia.com}\n"
    "api_key: ${env.NVIDIA_API_KEY:=}\n"
    "append_api_version: ${env.NVIDIA_APPEND_API_VERSION:=True}\n",
    &create<NvidiaInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kNvidiaDescriptor)
