// The models API: the stack's model table, as OpenAI's /v1/models and the
// Llama Stack's registration calls.
#include "stack/routing/stack_routes.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

namespace llama_stack {

namespace json = boost::json;

json::object model_json(const ModelRecord& r) {
  return {{"id", r.identifier},
          {"object", "model"},
          {"created", 0},
          {"owned_by", r.provider_id},
          {"identifier", r.identifier},
          {"type", "model"},
          {"provider_id", r.provider_id},
          {"provider_resource_id", r.provider_model_id},
          {"model_type", r.model_type},
          {"metadata", r.metadata}};
}

namespace {

const std::string& model_id_of(const RouteRequest& request) {
  return request.path_params.at("model_id");
}

RouteResponse list_models(RouteServices& services, const RouteRequest&) {
  json::array data;
  for (const auto& r : services.models().list()) data.push_back(model_json(r));
  return {json::object{{"object", "list"}, {"data", std::move(data)}}, nullptr};
}

RouteResponse retrieve_model(RouteServices& services, const RouteRequest& request) {
  auto r = services.models().find(model_id_of(request));
  if (!r) throw NotFoundError("model '" + model_id_of(request) + "' not found");
  return {model_json(*r), nullptr};
}

RouteResponse register_model(RouteServices& services, const RouteRequest& request) {
  constexpr std::string_view op = "register model";
  const json::object& body = request.body;
  ModelRecord record;
  record.identifier = string_param(body, op, "model_id", true);
  record.provider_id = string_param(body, op, "provider_id", true);
  record.provider_model_id = string_param(body, op, "provider_model_id", false);
  if (record.provider_model_id.empty()) record.provider_model_id = record.identifier;
  if (auto type = string_param(body, op, "model_type", false); !type.empty()) {
    if (type != "llm" && type != "embedding")
      throw InvalidRequestError("register model: parameter 'model_type' must be \"llm\" or "
                                "\"embedding\", got \"" + type + "\"");
    record.model_type = type;
  }
  if (const json::value* m = body.if_contains("metadata"); m && !m->is_null()) {
    if (!m->is_object())
      throw InvalidRequestError("register model: parameter 'metadata' must be an object");
    record.metadata = m->as_object();
  }
  record.registered = true;
  bool runs = false;
  for (const auto& p : services.providers())
    runs = runs || (p.api == "inference" && p.provider_id == record.provider_id && p.running);
  if (!runs)
    throw NotFoundError("cannot register model '" + record.identifier +
                        "': no running inference provider '" + record.provider_id + "'");
  services.models().register_model(record);
  return {model_json(record), nullptr};
}

RouteResponse unregister_model(RouteServices& services, const RouteRequest& request) {
  services.models().unregister_model(model_id_of(request));
  return {json::object{{"id", model_id_of(request)}, {"object", "model"}, {"deleted", true}},
          nullptr};
}

}  // namespace

std::vector<ApiRoute> model_routes() {
  return {{"GET", "/v1/models", &list_models},
          {"GET", "/v1/models/{model_id}", &retrieve_model},
          {"POST", "/v1/models", &register_model},
          {"DELETE", "/v1/models/{model_id}", &unregister_model}};
}

}  // namespace llama_stack
