#include "providers/ollama/ollama_inference.hpp"

#include <array>
#include <utility>

namespace llama_stack::providers {

namespace {

struct KnownEmbeddingModel {
  std::string_view name_prefix;
  int dimension;
};

// The embedding models of Ollama's library the Python stack ships entries for.
constexpr std::array<KnownEmbeddingModel, 4> kEmbeddingModels{{
    {"nomic-embed-text", 768},
    {"all-minilm", 384},
    {"mxbai-embed-large", 1024},
    {"snowflake-arctic-embed", 1024},
}};

OpenAICompatSettings settings_from(const ProviderConfig& config) {
  OpenAICompatSettings s;
  s.provider_id = config.provider_id();
  std::string url = config.string_or("url", "http://localhost:11434");
  if (url.find("://") == std::string::npos)
    config.fail("url", "expected a URL such as http://localhost:11434, got '" + url + "'");
  while (!url.empty() && url.back() == '/') url.pop_back();
  // The OpenAI-compatible API lives under /v1 of the server's root URL.
  if (url.size() < 3 || url.substr(url.size() - 3) != "/v1") url += "/v1";
  s.base_url = url;
  s.connection_hint = "is Ollama running? set OLLAMA_URL or the provider's 'url'";
  s.tls_verify = config.boolean_or("tls_verify", true);
  s.timeout = std::chrono::seconds(config.integer_or("timeout", 120));
  return s;
}

}  // namespace

OllamaInference::OllamaInference(const ProviderConfig& config, HttpClient& http)
    : OpenAICompatInference(settings_from(config), http) {}

ProviderModel OllamaInference::describe_model(const boost::json::object& entry) const {
  ProviderModel model = OpenAICompatInference::describe_model(entry);
  for (const auto& known : kEmbeddingModels) {
    if (model.provider_model_id.starts_with(known.name_prefix)) {
      model.model_type = "embedding";
      model.metadata["embedding_dimension"] = known.dimension;
      return model;
    }
  }
  if (model.provider_model_id.find("embed") != std::string::npos) model.model_type = "embedding";
  return model;
}

}  // namespace llama_stack::providers
