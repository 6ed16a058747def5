// The remote::ollama plugin: descriptor and factory. Behaviour lives in
// ollama_inference.cpp.
#include "providers/ollama/ollama_inference.hpp"
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

extern const ProviderDescriptor kOllamaDescriptor = inference_descriptor(
    "remote::ollama", "Ollama through its OpenAI-compatible API (/v1), with /api/tags and /api/ps",
    "url: ${env.OLLAMA_URL:=http://localhost:11434}\n",
    &create<OllamaInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kOllamaDescriptor)
