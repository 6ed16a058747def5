#pragma once
// remote::ollama: Ollama through its OpenAI-compatible /v1 API, plus its own
// /api/tags (every local model, with its family) and /api/ps (the models
// loaded right now: what the Python stack's health check asks).
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class OllamaInference final : public OpenAICompatInference {
 public:
  explicit OllamaInference(const ProviderContext& context);

  // /v1/models by default; /api/tags when the config says
  // `model_discovery: tags` (it also tells embedding models by family).
  std::vector<ProviderModel> list_models() override;
  // The models loaded in memory (GET /api/ps). Answers, or throws the
  // ConnectionError naming OLLAMA_URL: a health check.
  std::vector<ProviderModel> running_models();

 protected:
  // /v1/models has no model type: embedding models are known by name.
  ProviderModel describe_model(const boost::json::object& entry) const override;
  boost::json::object outbound_body(Operation operation,
                                    const boost::json::object& params) const override;

 private:
  std::vector<ProviderModel> native_models(std::string_view path);

  bool discover_by_tags_ = false;
};

}  // namespace llama_stack::providers
