// The remote::ollama plugin: its descriptor and factory. Behaviour lives in
// ollama_inference.cpp.
#include "providers/ollama/ollama_inference.hpp"

namespace llama_stack::providers {
namespace {

std::unique_ptr<Provider> create(const ProviderContext& context) {
  return std::make_unique<OllamaInference>(context.config, context.http);
}

}  // namespace

extern const ProviderDescriptor kOllamaDescriptor{
    kSdkAbiVersion,
    kSdkVersion,
    "inference",
    "remote::ollama",
    "Ollama through its OpenAI-compatible API",
    "url: ${env.OLLAMA_URL:=http://localhost:11434}\n",
    "",
    &create,
};

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kOllamaDescriptor)
