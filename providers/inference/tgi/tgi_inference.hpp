#pragma once
// remote::tgi: Hugging Face Text Generation Inference through its
// OpenAI-compatible Messages API (<url>/v1). A TGI server serves exactly one
// model, which its own GET /info names; TGI serves no embeddings.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class TgiInference final : public OpenAICompatInference {
 public:
  explicit TgiInference(const ProviderContext& context);

  std::vector<ProviderModel> list_models() override;
};

}  // namespace llama_stack::providers
