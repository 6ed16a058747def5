#pragma once
// The client's inference calls (client.chat.completions.create / stream,
// client.completions, client.embeddings), read like the OpenAI client's;
// the same in process and remote.
#include "stack/apis/inference/inference_types.hpp"
#include "stack/routing/route_caller.hpp"
#include "stack/routing/stream.hpp"

#include <boost/json/object.hpp>

namespace llama_stack {

class ChatCompletionsClient {
 public:
  explicit ChatCompletionsClient(RouteCaller call) : call_(std::move(call)) {}
  // The whole answer; InvalidRequestError for "stream": true (use stream()).
  ChatCompletion create(const boost::json::object& params, const RequestOptions& options = {});
  // Sets "stream": true and returns chunks as they arrive.
  Stream<ChatCompletionChunk> stream(boost::json::object params, const RequestOptions& options = {});

 private:
  RouteCaller call_;
};

class CompletionsClient {
 public:
  explicit CompletionsClient(RouteCaller call) : call_(std::move(call)) {}
  Completion create(const boost::json::object& params, const RequestOptions& options = {});
  Stream<Completion> stream(boost::json::object params, const RequestOptions& options = {});

 private:
  RouteCaller call_;
};

class EmbeddingsClient {
 public:
  explicit EmbeddingsClient(RouteCaller call) : call_(std::move(call)) {}
  EmbeddingsResponse create(const boost::json::object& params, const RequestOptions& options = {});

 private:
  RouteCaller call_;
};

}  // namespace llama_stack
