#include "stack/apis/inference/inference_client.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <string>

namespace llama_stack {

namespace json = boost::json;

namespace {

// create() answers whole; a stream needs stream(), which returns the chunks.
void refuse_stream(const json::object& params, const char* operation, const char* how) {
  if (const auto* s = params.if_contains("stream"); s && s->is_bool() && s->as_bool())
    throw InvalidRequestError(std::string(operation) + ": \"stream\": true needs " + how);
}

json::object answer(const RouteCaller& call, std::string_view route, const json::object& params,
                    const RequestOptions& options) {
  return call("POST", route, RouteRequest{{}, params}, options).body.as_object();
}

std::unique_ptr<JsonStream> stream_of(const RouteCaller& call, std::string_view route,
                                      json::object params, const RequestOptions& options) {
  params["stream"] = true;
  auto response = call("POST", route, RouteRequest{{}, std::move(params)}, options);
  if (!response.stream) throw StackError(std::string(route) + ": expected a stream");
  return std::move(response.stream);
}

}  // namespace

ChatCompletion ChatCompletionsClient::create(const json::object& params,
                                             const RequestOptions& options) {
  refuse_stream(params, "chat.completions.create",
                "chat.completions.stream(), which returns the chunks");
  return ChatCompletion::from_json(answer(call_, "/v1/chat/completions", params, options));
}

Stream<ChatCompletionChunk> ChatCompletionsClient::stream(json::object params,
                                                          const RequestOptions& options) {
  return Stream<ChatCompletionChunk>(
      stream_of(call_, "/v1/chat/completions", std::move(params), options));
}

Completion CompletionsClient::create(const json::object& params, const RequestOptions& options) {
  refuse_stream(params, "completions.create", "completions.stream()");
  return Completion::from_json(answer(call_, "/v1/completions", params, options));
}

Stream<Completion> CompletionsClient::stream(json::object params, const RequestOptions& options) {
  return Stream<Completion>(stream_of(call_, "/v1/completions", std::move(params), options));
}

EmbeddingsResponse EmbeddingsClient::create(const json::object& params,
                                            const RequestOptions& options) {
  return EmbeddingsResponse::from_json(answer(call_, "/v1/embeddings", params, options));
}

}  // namespace llama_stack
