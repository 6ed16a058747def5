#pragma once
// remote::databricks: Databricks model serving. The OpenAI routes live under
// <url>/serving-endpoints; models are the workspace's serving endpoints
// (GET <url>/api/2.0/serving-endpoints), not an OpenAI /models listing.
// Databricks serves no legacy completions.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class DatabricksInference final : public OpenAICompatInference {
 public:
  explicit DatabricksInference(const ProviderContext& context);

  std::vector<ProviderModel> list_models() override;
};

}  // namespace llama_stack::providers
