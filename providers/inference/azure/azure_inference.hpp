#pragma once
// remote::azure: Azure OpenAI through its v1 API. The routes live under
// <origin of api_base>/openai/v1 whatever path api_base carries; the key
// travels in the `api-key` header; `api_version`, when set, is sent as the
// `api-version` query parameter on every call. `api_type` is accepted as the
// Python config has it (a LiteLLM notion) and not used. Models are listed by
// GET /models.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class AzureInference final : public OpenAICompatInference {
 public:
  explicit AzureInference(const ProviderContext& context);
};

}  // namespace llama_stack::providers
