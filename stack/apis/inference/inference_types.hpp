#pragma once
// Typed views of the OpenAI-shaped inference results the client returns. Each keeps the
// whole JSON it was built from in `raw`, so a field the stack does not model
// is still there for the caller.
#include <boost/json/object.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

// One part of a message whose content is a list.
struct ContentPart {
  std::string type;       // "text", "image_url", ...
  std::string text;       // of a text part
  std::string image_url;  // of an image_url part: a data URI or an http(s) URL
  boost::json::object raw;
};

struct ChatMessage {
  std::string role;
  // Text content (a list's text parts joined); nullopt when the message has
  // none (e.g. only tool calls).
  std::optional<std::string> content;
  std::vector<ToolCall> tool_calls;
  boost::json::object raw;
  // The parts, when the content is a list of them.
  std::vector<ContentPart> content_parts;
  std::optional<std::string> refusal;
};

struct TopLogprob {
  std::string token;
  double logprob = 0;
};

struct TokenLogprob {
  std::string token;
  double logprob = 0;
  std::vector<int> bytes;
  std::vector<TopLogprob> top_logprobs;
};

// A chat choice's logprobs: {"content": [...], "refusal": [...]}.
struct ChoiceLogprobs {
  std::vector<TokenLogprob> content;
  std::vector<TokenLogprob> refusal;
  boost::json::object raw;
};

// A legacy completion choice's logprobs, one entry per token.
struct CompletionLogprobs {
  std::vector<std::string> tokens;
  std::vector<std::optional<double>> token_logprobs;
  std::vector<std::map<std::string, double>> top_logprobs;
  std::vector<std::int64_t> text_offset;
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
  std::optional<ChoiceLogprobs> logprobs;
};

struct ChatCompletion {
  std::string id;
  std::string model;
  std::int64_t created = 0;
  std::vector<ChatChoice> choices;
  std::optional<Usage> usage;
  boost::json::object raw;
  std::optional<std::string> system_fingerprint;

  static ChatCompletion from_json(const boost::json::object& json);
};

struct ChatChunkChoice {
  int index = 0;
  // Tool calls here are deltas: the first of a call carries its id and
  // name, later ones pieces of its arguments (see ToolCallAccumulator).
  ChatMessage delta;
  std::optional<std::string> finish_reason;
  boost::json::object raw;
  std::optional<ChoiceLogprobs> logprobs;
};

struct ChatCompletionChunk {
  std::string id;
  std::string model;
  std::vector<ChatChunkChoice> choices;
  // Set on the last chunk when stream_options.include_usage was asked for.
  std::optional<Usage> usage;
  boost::json::object raw;
  std::int64_t created = 0;

  static ChatCompletionChunk from_json(const boost::json::object& json);
};

// Assembles the tool calls of a streamed reply from its chunks' deltas.
class ToolCallAccumulator {
 public:
  void add(const ChatCompletionChunk& chunk);
  // The complete calls of one choice, in index order.
  std::vector<ToolCall> calls(int choice_index = 0) const;

 private:
  std::map<int, std::map<int, ToolCall>> calls_;  // choice -> call index -> call
};

struct CompletionChoice {
  int index = 0;
  std::string text;
  std::optional<std::string> finish_reason;
  boost::json::object raw;
  std::optional<CompletionLogprobs> logprobs;
};

struct Completion {
  std::string id;
  std::string model;
  std::vector<CompletionChoice> choices;
  std::optional<Usage> usage;
  boost::json::object raw;
  std::int64_t created = 0;

  static Completion from_json(const boost::json::object& json);
};

// An embedding sent as base64 (encoding_format "base64"): the little-endian
// float32 values, as OpenAI encodes them. Throws InvalidRequestError on text
// that is not such an encoding.
std::vector<float> decode_base64_embedding(std::string_view base64);

struct Embedding {
  int index = 0;
  std::vector<double> embedding;  // encoding_format "float"
  std::string base64;             // encoding_format "base64"
  boost::json::object raw;

  // The values whichever way they were sent.
  std::vector<float> values() const;
};

struct EmbeddingsResponse {
  std::string model;
  std::vector<Embedding> data;
  std::optional<Usage> usage;
  boost::json::object raw;

  static EmbeddingsResponse from_json(const boost::json::object& json);
};

}  // namespace llama_stack
