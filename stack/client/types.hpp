#pragma once
// Typed views of the OpenAI-shaped results the client returns. Each keeps the
// whole JSON it was built from in `raw`, so a field the stack does not model
// is still there for the caller.
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack {

struct FunctionCall {
  std::string name;
  std::string arguments;  // JSON text, possibly partial in stream deltas
};

struct ToolCall {
  int index = 0;
  std::string id;
  std::string type;
  FunctionCall function;
};

struct ChatMessage {
  std::string role;
  // Text content; nullopt when the message has none (e.g. only tool calls).
  std::optional<std::string> content;
  std::vector<ToolCall> tool_calls;
  boost::json::object raw;
};

struct Usage {
  std::int64_t prompt_tokens = 0;
  std::int64_t completion_tokens = 0;
  std::int64_t total_tokens = 0;
  boost::json::object raw;
};

struct ChatChoice {
  int index = 0;
  ChatMessage message;
  std::optional<std::string> finish_reason;
  boost::json::object raw;
};

struct ChatCompletion {
  std::string id;
  std::string model;
  std::int64_t created = 0;
  std::vector<ChatChoice> choices;
  std::optional<Usage> usage;
  boost::json::object raw;

  static ChatCompletion from_json(const boost::json::object& json);
};

struct ChatChunkChoice {
  int index = 0;
  ChatMessage delta;
  std::optional<std::string> finish_reason;
  boost::json::object raw;
};

struct ChatCompletionChunk {
  std::string id;
  std::string model;
  std::vector<ChatChunkChoice> choices;
  std::optional<Usage> usage;
  boost::json::object raw;

  static ChatCompletionChunk from_json(const boost::json::object& json);
};

struct CompletionChoice {
  int index = 0;
  std::string text;
  std::optional<std::string> finish_reason;
  boost::json::object raw;
};

struct Completion {
  std::string id;
  std::string model;
  std::vector<CompletionChoice> choices;
  std::optional<Usage> usage;
  boost::json::object raw;

  static Completion from_json(const boost::json::object& json);
};

struct Embedding {
  int index = 0;
  std::vector<double> embedding;  // encoding_format "float"
  std::string base64;             // encoding_format "base64"
  boost::json::object raw;
};

struct EmbeddingsResponse {
  std::string model;
  std::vector<Embedding> data;
  std::optional<Usage> usage;
  boost::json::object raw;

  static EmbeddingsResponse from_json(const boost::json::object& json);
};

struct Model {
  std::string identifier;
  std::string provider_id;
  std::string provider_resource_id;
  std::string model_type;
  boost::json::object metadata;
};

struct ProviderInfo {
  std::string api;
  std::string provider_id;
  std::string provider_type;
  bool running = false;
  std::string problem;
};

}  // namespace llama_stack
