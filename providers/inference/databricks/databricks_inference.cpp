#include "providers/inference/databricks/databricks_inference.hpp"

#include "providers/kits/openai_compat/profile.hpp"

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

const OpenAICompatProfile kDatabricks{
    .display_name = "Databricks",
    .url = {.api_path = "/serving-endpoints"},
    .key = {.config_key = "api_token"},
    // Foundation-model endpoints whose dimensions Databricks documents.
    .known_models = {{"databricks-gte-large-en", "embedding", 1024, 8192},
                     {"databricks-bge-large-en", "embedding", 1024, 512}},
    .completions = false,
};

}  // namespace

DatabricksInference::DatabricksInference(const ProviderContext& context)
    : OpenAICompatInference(settings_from(context, kDatabricks), context.http) {}

std::vector<ProviderModel> DatabricksInference::list_models() {
  const json::object listing = upstream().startup_get("/api/2.0/serving-endpoints");
  const json::value* endpoints = listing.if_contains("endpoints");
  std::vector<ProviderModel> out;
  if (endpoints == nullptr) return out;  // a workspace without endpoints answers {}
  if (!endpoints->is_array())
    throw upstream().startup_answer_error("/api/2.0/serving-endpoints", "an \"endpoints\" list");
  for (const auto& e : endpoints->as_array()) {
    if (!e.is_object()) continue;
    const json::object& endpoint = e.as_object();
    const json::value* name = endpoint.if_contains("name");
    if (name == nullptr || !name->is_string()) continue;
    ProviderModel model = describe_model({{"id", *name}});
    if (const json::value* task = endpoint.if_contains("task");
        task && task->is_string() && task->as_string() == "llm/v1/embeddings")
      model.model_type = "embedding";
    out.push_back(std::move(model));
  }
  return keep_allowed(std::move(out));
}

}  // namespace llama_stack::providers
