// The remote::anthropic plugin: descriptor and factory. Behaviour lives in
// anthropic_inference.cpp and messages_translation.cpp.
#include "providers/anthropic/anthropic_inference.hpp"
#include "providers/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

extern const ProviderDescriptor kAnthropicDescriptor = inference_descriptor(
    "remote::anthropic", "Anthropic Claude through the Messages API (chat completions translated)",
    "api_key: ${env.ANTHROPIC_API_KEY:=}\n", &create<AnthropicInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kAnthropicDescriptor)
