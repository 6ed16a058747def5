#include "stack/apis/inference/inference_router.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace {

// Checked here, before any provider sees the call, so that every provider
// refuses the same malformed request with the same message.
void require_non_empty_list(const boost::json::object& params, const char* operation,
                            const char* key) {
  const boost::json::value* v = params.if_contains(key);
  if (v == nullptr || v->is_null())
    throw InvalidRequestError(std::string(operation) + ": parameter '" + key + "' is required");
  if (!v->is_array())
    throw InvalidRequestError(std::string(operation) + ": parameter '" + key +
                              "' must be a list");
  if (v->as_array().empty())
    throw InvalidRequestError(std::string(operation) + ": parameter '" + key +
                              "' must not be an empty list");
}

void validate_completion(const boost::json::object& params) {
  const boost::json::value* prompt = params.if_contains("prompt");
  if (prompt == nullptr || prompt->is_null())
    throw InvalidRequestError("completion: parameter 'prompt' is required");
  if (!prompt->is_string()) require_non_empty_list(params, "completion", "prompt");
}

void validate_embeddings(const boost::json::object& params) {
  const boost::json::value* input = params.if_contains("input");
  if (input == nullptr || !input->is_string())
    require_non_empty_list(params, "embeddings", "input");
  if (const auto* format = params.if_contains("encoding_format"); format && !format->is_null()) {
    if (!format->is_string() || (format->as_string() != "float" && format->as_string() != "base64"))
      throw InvalidRequestError("embeddings: parameter 'encoding_format' must be \"float\" or "
                                "\"base64\"");
  }
}

// Passes a provider's chunks through and stores the completion they add up
// to once the stream ends.
class StoringStream final : public JsonStream {
 public:
  StoringStream(std::unique_ptr<JsonStream> chunks, InferenceStore& store,
                boost::json::value input_messages, std::string model)
      : chunks_(std::move(chunks)), store_(store), input_(std::move(input_messages)),
        model_(std::move(model)) {}
  std::optional<boost::json::object> next() override {
    auto chunk = chunks_->next();
    if (chunk) {
      assembler_.add(*chunk);
    } else if (!stored_) {
      stored_ = true;
      auto completion = assembler_.completion();
      if (const auto* id = completion.if_contains("id"); id && id->is_string())
        store_.store(completion, input_, model_);
    }
    return chunk;
  }

 private:
  std::unique_ptr<JsonStream> chunks_;
  InferenceStore& store_;
  boost::json::value input_;
  std::string model_;
  ChatCompletionAssembler assembler_;
  bool stored_ = false;
};

}  // namespace

void InferenceRouter::add_provider(const std::string& provider_id, InferenceProvider& provider) {
  providers_[provider_id] = &provider;
}

InferenceRouter::Route InferenceRouter::route(const boost::json::object& params,
                                              const char* operation,
                                              const char* wanted_model_type) const {
  const boost::json::value* model = params.if_contains("model");
  if (model == nullptr || !model->is_string() || model->as_string().empty())
    throw InvalidRequestError(std::string(operation) + ": parameter 'model' is required");
  const ModelRecord record = models_.resolve(model->as_string());
  if (record.model_type != wanted_model_type)
    throw InvalidRequestError(std::string(operation) + ": model '" + record.identifier +
                              "' is a " + record.model_type + " model, not " + wanted_model_type);
  auto it = providers_.find(record.provider_id);
  if (it == providers_.end())
    throw NotFoundError("model '" + record.identifier + "' belongs to provider '" +
                        record.provider_id + "', which is not running in this stack");
  Route r{it->second, params};
  r.params["model"] = record.provider_model_id;
  return r;
}

boost::json::object InferenceRouter::chat_completion(const RequestContext& context,
                                                     const boost::json::object& params) {
  require_non_empty_list(params, "chat completion", "messages");
  auto r = route(params, "chat completion", "llm");
  auto answer = r.provider->chat_completion(context, r.params);
  // An answer without an id could never be retrieved: it is answered, not stored.
  if (const auto* id = answer.if_contains("id"); store_ && id && id->is_string())
    store_->store(answer, params.at("messages"), params.at("model").as_string());
  return answer;
}

std::unique_ptr<JsonStream> InferenceRouter::chat_completion_stream(
    const RequestContext& context, const boost::json::object& params) {
  require_non_empty_list(params, "chat completion", "messages");
  auto r = route(params, "chat completion", "llm");
  auto chunks = r.provider->chat_completion_stream(context, r.params);
  if (!store_) return chunks;
  return std::make_unique<StoringStream>(std::move(chunks), *store_, params.at("messages"),
                                         std::string(params.at("model").as_string()));
}

boost::json::object InferenceRouter::completion(const RequestContext& context,
                                                const boost::json::object& params) {
  validate_completion(params);
  auto r = route(params, "completion", "llm");
  return r.provider->completion(context, r.params);
}

std::unique_ptr<JsonStream> InferenceRouter::completion_stream(const RequestContext& context,
                                                               const boost::json::object& params) {
  validate_completion(params);
  auto r = route(params, "completion", "llm");
  return r.provider->completion_stream(context, r.params);
}

boost::json::object InferenceRouter::embeddings(const RequestContext& context,
                                                const boost::json::object& params) {
  validate_embeddings(params);
  auto r = route(params, "embeddings", "embedding");
  return r.provider->embeddings(context, r.params);
}

}  // namespace llama_stack
