#include "providers/inference/ollama/ollama_inference.hpp"

#include "providers/kits/openai_compat/profile.hpp"

#include <llama_stack/json_fields.hpp>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

const OpenAICompatProfile& profile() {
  static const OpenAICompatProfile kOllama{
      .display_name = "Ollama",
      .url = {.config_key = "url", .api_path = "/v1"},
      .key = {.config_key = "api_key", .required = false},
      // Ollama's library names (matched with any tag); the dimensions are
      // the models', the Python stack ships the same figures.
      .known_models = {{"nomic-embed-text", "embedding", 768, 8192},
                       {"all-minilm", "embedding", 384, 512},
                       {"mxbai-embed-large", "embedding", 1024, 0},
                       {"snowflake-arctic-embed", "embedding", 1024, 0}},
  };
  return kOllama;
}

}  // namespace

OllamaInference::OllamaInference(const ProviderContext& context)
    : OpenAICompatInference(settings_from(context, profile()), context.http) {
  const std::string discovery = context.config.string("model_discovery");
  if (discovery != "openai" && discovery != "tags")
    context.config.fail("model_discovery",
                        "expected 'openai' (GET /v1/models) or 'tags' (GET /api/tags), got '" +
                            discovery + "'");
  discover_by_tags_ = discovery == "tags";
}

// What the Python stack sends Ollama for tool_choice "none" (its captured
// exchanges): the messages without the tools, and no tool_choice. Every
// other tool_choice reaches Ollama as given.
json::object OllamaInference::outbound_body(Operation operation, const json::object& params) const {
  json::object body = OpenAICompatInference::outbound_body(operation, params);
  if (operation != Operation::chat) return body;
  if (const json::value* choice = body.if_contains("tool_choice");
      choice != nullptr && choice->is_string() && choice->as_string() == "none") {
    body.erase("tool_choice");
    body.erase("tools");
  }
  return body;
}

ProviderModel OllamaInference::describe_model(const json::object& entry) const {
  ProviderModel model = OpenAICompatInference::describe_model(entry);
  const std::string& id = model.provider_model_id;
  for (const auto& known : settings().known_models) {
    if (id == known.id || id.starts_with(known.id + ":")) {
      ProviderModel out = known.to_provider_model();
      out.provider_model_id = id;
      return out;
    }
  }
  // Ollama's native listings say which family a model is: BERT families are
  // the embedding models.
  if (const json::value* details = entry.if_contains("details"); details && details->is_object())
    if (string_or_empty(details->as_object(), "family").find("bert") != std::string::npos)
      model.model_type = "embedding";
  if (id.find("embed") != std::string::npos) model.model_type = "embedding";
  return model;
}

std::vector<ProviderModel> OllamaInference::native_models(std::string_view path) {
  const json::object listing = upstream().startup_get(path);
  const json::value* models = listing.if_contains("models");
  if (models == nullptr || !models->is_array())
    throw upstream().startup_answer_error(path, "a \"models\" list");
  std::vector<ProviderModel> out;
  for (const auto& m : models->as_array()) {
    if (!m.is_object()) continue;
    json::object entry = m.as_object();
    // Native entries name the model in "model" (newer) or "name".
    std::string id = string_or_empty(entry, "model");
    entry["id"] = id.empty() ? string_or_empty(entry, "name") : id;
    out.push_back(describe_model(entry));
  }
  return keep_allowed(std::move(out));
}

std::vector<ProviderModel> OllamaInference::list_models() {
  return discover_by_tags_ ? native_models("/api/tags") : OpenAICompatInference::list_models();
}

std::vector<ProviderModel> OllamaInference::running_models() { return native_models("/api/ps"); }

}  // namespace llama_stack::providers
