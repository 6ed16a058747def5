// The remote::tgi plugin: descriptor and factory. Behaviour lives in
// tgi_inference.cpp.
#include "providers/inference/tgi/tgi_inference.hpp"
#include "providers/kits/openai_compat/plugin_entry.hpp"

namespace llama_stack::providers {

constexpr OpenAICompatKeys kTgiKeys({
    {.name = "url", .type = ConfigType::url, .default_value = "", .env_var = "TGI_URL", .description = "the TGI server", .aliases = "base_url"},
});

extern const ProviderDescriptor kTgiDescriptor = provider_descriptor(
    "inference", "remote::tgi",
    "Hugging Face TGI through its OpenAI-compatible Messages API",
    kTgiKeys.schema(), &make_provider<TgiInference>);

}  // namespace llama_stack::providers

LLAMA_STACK_PROVIDER(llama_stack::providers::kTgiDescriptor)
