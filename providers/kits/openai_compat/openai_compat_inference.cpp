#include "providers/kits/openai_compat/openai_compat_inference.hpp"

#include <algorithm>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

const char* operation_name(Operation operation) {
  switch (operation) {
    case Operation::chat: return "chat completions";
    case Operation::completion: return "completions";
    case Operation::embeddings: return "embeddings";
  }
  return "?";
}

// Reads an OpenAI-style SSE stream of chunk objects; an event carrying only
// an "error" becomes an UpstreamError.
class ChunkStream final : public JsonStream {
 public:
  ChunkStream(std::string provider_id, std::unique_ptr<EventStream> events)
      : provider_id_(std::move(provider_id)), events_(std::move(events)) {}

  std::optional<json::object> next() override {
    auto payload = events_->next();
    if (!payload) return std::nullopt;
    json::object chunk = parse_stream_event(provider_id_, *payload);
    // Some upstreams report failures mid-stream as an event of their own.
    if (chunk.contains("error") && !chunk.contains("choices"))
      throw UpstreamError(provider_id_, 500, upstream_error_message(*payload));
    return chunk;
  }

 private:
  std::string provider_id_;
  std::unique_ptr<EventStream> events_;
};

}  // namespace

json::object pass_through_body(const json::object& params) {
  json::object body;
  for (const auto& [key, value] : params)
    if (!value.is_null() && key != "extra_body") body[key] = value;
  if (const json::value* extra = params.if_contains("extra_body"); extra && !extra->is_null()) {
    if (!extra->is_object())
      throw InvalidRequestError("parameter 'extra_body' must be an object of fields to add to "
                                "the upstream request");
    for (const auto& [key, value] : extra->as_object()) body[key] = value;
  }
  return body;
}

ProviderModel KnownModel::to_provider_model() const {
  ProviderModel m{id, model_type, {}};
  if (embedding_dimension > 0) m.metadata["embedding_dimension"] = embedding_dimension;
  if (context_length > 0) m.metadata["context_length"] = context_length;
  return m;
}

OpenAICompatInference::OpenAICompatInference(OpenAICompatSettings settings, HttpClient& http)
    : settings_(std::move(settings)), upstream_(settings_.upstream, http) {}

void OpenAICompatInference::require_supported(Operation operation) const {
  const bool supported = operation == Operation::chat ||
                         (operation == Operation::completion && settings_.completions) ||
                         (operation == Operation::embeddings && settings_.embeddings);
  if (!supported)
    throw UnsupportedError("provider '" + upstream_.provider_id() + "' does not support " +
                           operation_name(operation));
}

json::object OpenAICompatInference::outbound_body(Operation operation,
                                                  const json::object& params) const {
  json::object body = pass_through_body(params);
  if (operation == Operation::embeddings) {
    for (const auto& rejected : settings_.rejected_embedding_params)
      if (body.contains(rejected))
        throw InvalidRequestError("provider '" + upstream_.provider_id() +
                                  "': embeddings do not accept parameter '" + rejected +
                                  "' (the upstream rejects it)");
  }
  return body;
}

json::object OpenAICompatInference::post(const RequestContext& context, Operation operation,
                                         std::string_view route, const json::object& params) {
  require_supported(operation);
  return upstream_.send_for_object(
      upstream_.api_request(context, "POST", route, outbound_body(operation, params)));
}

std::unique_ptr<JsonStream> OpenAICompatInference::post_stream(const RequestContext& context,
                                                               Operation operation,
                                                               std::string_view route,
                                                               const json::object& params) {
  require_supported(operation);
  auto events = upstream_.open_stream(
      upstream_.api_request(context, "POST", route, outbound_body(operation, params)));
  return std::make_unique<ChunkStream>(upstream_.provider_id(), std::move(events));
}

json::object OpenAICompatInference::chat_completion(const RequestContext& context,
                                                    const json::object& params) {
  return post(context, Operation::chat, "/chat/completions", params);
}

std::unique_ptr<JsonStream> OpenAICompatInference::chat_completion_stream(
    const RequestContext& context, const json::object& params) {
  return post_stream(context, Operation::chat, "/chat/completions", params);
}

json::object OpenAICompatInference::completion(const RequestContext& context,
                                               const json::object& params) {
  return post(context, Operation::completion, "/completions", params);
}

std::unique_ptr<JsonStream> OpenAICompatInference::completion_stream(const RequestContext& context,
                                                                     const json::object& params) {
  return post_stream(context, Operation::completion, "/completions", params);
}

json::object OpenAICompatInference::embeddings(const RequestContext& context,
                                               const json::object& params) {
  return post(context, Operation::embeddings, "/embeddings", params);
}

const KnownModel* OpenAICompatInference::find_known(std::string_view model_id) const {
  for (const auto& known : settings_.known_models)
    if (known.id == model_id) return &known;
  return nullptr;
}

ProviderModel OpenAICompatInference::describe_model(const json::object& entry) const {
  const json::value* id = entry.if_contains("id");
  const std::string model_id = id && id->is_string() ? std::string(id->as_string()) : "";
  if (const KnownModel* known = find_known(model_id)) return known->to_provider_model();
  ProviderModel model{model_id, "llm", {}};
  // Together's listing types its models; OpenAI's and vLLM's do not.
  if (const json::value* type = entry.if_contains("type");
      type && type->is_string() && type->as_string() == "embedding")
    model.model_type = "embedding";
  for (const char* key : {"context_length", "max_model_len"})
    if (const json::value* n = entry.if_contains(key); n && (n->is_int64() || n->is_uint64())) {
      model.metadata["context_length"] = *n;
      break;
    }
  return model;
}

std::vector<ProviderModel> OpenAICompatInference::keep_allowed(
    std::vector<ProviderModel> models) const {
  std::erase_if(models, [this](const ProviderModel& m) {
    if (m.provider_model_id.empty()) return true;
    const auto& allowed = settings_.allowed_models;
    return !allowed.empty() &&
           std::find(allowed.begin(), allowed.end(), m.provider_model_id) == allowed.end();
  });
  return models;
}

std::vector<ProviderModel> OpenAICompatInference::list_models() {
  // At stack start: no request, so only the configured key.
  const json::value listing =
      upstream_.send(upstream_.api_request(RequestContext{}, "GET", "/models", nullptr));
  const json::array* entries = listing.if_array();
  if (entries == nullptr)
    if (const json::value* data = listing.as_object().if_contains("data"))
      entries = data->if_array();
  if (entries == nullptr)
    throw StackError("provider '" + upstream_.provider_id() +
                     "': GET /models answered without a \"data\" list");
  std::vector<ProviderModel> out;
  for (const auto& entry : *entries)
    if (entry.is_object()) out.push_back(describe_model(entry.as_object()));
  return keep_allowed(std::move(out));
}

}  // namespace llama_stack::providers
