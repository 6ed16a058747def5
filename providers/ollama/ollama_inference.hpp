#pragma once
// remote::ollama: Ollama through its OpenAI-compatible /v1 API.
#include "providers/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class OllamaInference final : public OpenAICompatInference {
 public:
  OllamaInference(const ProviderConfig& config, HttpClient& http);

 protected:
  // Ollama's /v1/models has no model type: embedding models are known by name.
  ProviderModel describe_model(const boost::json::object& entry) const override;
};

}  // namespace llama_stack::providers
