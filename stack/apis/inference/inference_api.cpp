#include "stack/apis/inference/inference_api.hpp"

#include "stack/apis/inference/file_content_parts.hpp"
#include "stack/apis/inference/inference_router.hpp"

#include <llama_stack/errors.hpp>

#include <optional>

namespace llama_stack {

namespace {

InferenceApi& inference_of(RouteServices& services) {
  return dynamic_cast<InferenceApi&>(services.api(kInferenceApiName));
}

// OpenAI's "stream": absent, null or false answers whole.
bool wants_stream(const boost::json::object& body, const char* operation) {
  const boost::json::value* v = body.if_contains("stream");
  if (v == nullptr || v->is_null()) return false;
  if (!v->is_bool())
    throw InvalidRequestError(std::string(operation) + ": parameter 'stream' must be a boolean");
  return v->as_bool();
}

// The files API when the stack runs one; null otherwise.
FilesApi* files_of(RouteServices& services) {
  try {
    return dynamic_cast<FilesApi*>(&services.api(kFilesApiName));
  } catch (const NotFoundError&) {
    return nullptr;
  }
}

RouteResponse chat_completions(RouteServices& services, const RouteRequest& request) {
  InferenceApi& inference = inference_of(services);
  std::optional<boost::json::object> resolved;
  if (has_file_id_parts(request.body))
    resolved = resolve_file_parts(request.context, request.body, files_of(services));
  const boost::json::object& body = resolved ? *resolved : request.body;
  if (wants_stream(body, "chat completion"))
    return {nullptr, inference.chat_completion_stream(request.context, body)};
  return {inference.chat_completion(request.context, body), nullptr};
}

RouteResponse completions(RouteServices& services, const RouteRequest& request) {
  InferenceApi& inference = inference_of(services);
  if (wants_stream(request.body, "completion"))
    return {nullptr, inference.completion_stream(request.context, request.body)};
  return {inference.completion(request.context, request.body), nullptr};
}

InferenceStore& store_of(RouteServices& services) {
  auto& router = dynamic_cast<InferenceRouter&>(services.api(kInferenceApiName));
  if (router.store() == nullptr)
    throw UnsupportedError("this stack stores no chat completions: " +
                           (router.store_problem().empty()
                                ? std::string("configure inference_store (or "
                                              "storage.stores.inference) in its run.yaml")
                                : router.store_problem()));
  return *router.store();
}

RouteResponse list_chat_completions(RouteServices& services, const RouteRequest& request) {
  constexpr std::string_view op = "list chat completions";
  StoredCompletionQuery query;
  query.limit = integer_query_param(request, op, "limit", 20, 1, 10000);
  query.after = query_param(request, "after").value_or("");
  query.model = query_param(request, "model").value_or("");
  query.ascending = ascending_order_param(request, op);
  return {store_of(services).list(query), nullptr};
}

RouteResponse retrieve_chat_completion(RouteServices& services, const RouteRequest& request) {
  return {store_of(services).retrieve(request.path_params.at("completion_id")), nullptr};
}

RouteResponse embeddings(RouteServices& services, const RouteRequest& request) {
  return {inference_of(services).embeddings(request.context, request.body), nullptr};
}

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
    // A store the stack cannot open (postgres) does not stop inference.
    std::unique_ptr<InferenceStore> store;
    std::string problem;
    try {
      if (services.store_settings) store = open_inference_store(services.store_settings("inference"));
    } catch (const ConfigError& e) {
      problem = e.what();
    }
    auto router = std::make_unique<InferenceRouter>(services.models, std::move(store), problem);
    for (const auto& p : providers) router->add_provider(p.provider_id, as_inference(p));
    return std::unique_ptr<Api>(std::move(router));
  };
  api.refresh = &refresh_models;
  api.routes = {{"POST", "/v1/chat/completions", &chat_completions},
                {"GET", "/v1/chat/completions", &list_chat_completions},
                {"GET", "/v1/chat/completions/{completion_id}", &retrieve_chat_completion},
                {"POST", "/v1/completions", &completions},
                {"POST", "/v1/embeddings", &embeddings}};
  table.add(std::move(api));
}

}  // namespace llama_stack
