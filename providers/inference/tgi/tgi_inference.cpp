#include "providers/inference/tgi/tgi_inference.hpp"

#include "providers/kits/openai_compat/profile.hpp"

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

const OpenAICompatProfile kTgi{
    .display_name = "TGI",
    .url = {.api_path = "/v1"},
    .key = {.config_key = "", .required = false},  // TGI takes no key (nor does the Python provider)
    .embeddings = false,
};

}  // namespace

TgiInference::TgiInference(const ProviderContext& context)
    : OpenAICompatInference(settings_from(context, kTgi), context.http) {}

std::vector<ProviderModel> TgiInference::list_models() {
  const json::object info = upstream().startup_get("/info");
  const json::value* id = info.if_contains("model_id");
  if (id == nullptr || !id->is_string())
    throw upstream().startup_answer_error("/info", "a \"model_id\"");
  ProviderModel model{std::string(id->as_string()), "llm", {}};
  if (const json::value* n = info.if_contains("max_total_tokens"); n && n->is_number())
    model.metadata["context_length"] = *n;
  return keep_allowed({std::move(model)});
}

}  // namespace llama_stack::providers
