#include "stack/routing/inference_api.hpp"

#include "stack/routing/inference_router.hpp"

namespace llama_stack {

namespace {

InferenceProvider& as_inference(const RoutedProvider& p) {
  return dynamic_cast<InferenceProvider&>(*p.provider);
}

// Each provider's models enter the table as "<provider_id>/<its model id>".
std::vector<std::string> refresh_models(RouterServices& services,
                                        const std::vector<RoutedProvider>& providers) {
  std::vector<std::string> warnings;
  for (const auto& p : providers) {
    try {
      auto listed = as_inference(p).list_models();
      services.models.forget_discovered(p.provider_id);
      for (auto& m : listed)
        services.models.register_model({p.provider_id + "/" + m.provider_model_id, p.provider_id,
                                        m.provider_model_id, m.model_type, std::move(m.metadata),
                                        /*registered=*/false});
    } catch (const std::exception& e) {
      services.models.note_listing_failure(p.provider_id, e.what());
      warnings.push_back("provider '" + p.provider_id + "': could not list models: " + e.what());
    }
  }
  return warnings;
}

}  // namespace

void register_inference_api(ApiTable& table) {
  ApiDefinition api;
  api.name = std::string(kInferenceApiName);
  api.provider_interface = "InferenceProvider";
  api.implements = [](const Provider& p) {
    return dynamic_cast<const InferenceProvider*>(&p) != nullptr;
  };
  api.make_router = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    auto router = std::make_unique<InferenceRouter>(services.models);
    for (const auto& p : providers) router->add_provider(p.provider_id, as_inference(p));
    return std::unique_ptr<Api>(std::move(router));
  };
  api.refresh = &refresh_models;
  api.routes = {{"POST", "/v1/chat/completions"},
                {"POST", "/v1/completions"},
                {"POST", "/v1/embeddings"}};
  table.add(std::move(api));
}

}  // namespace llama_stack
