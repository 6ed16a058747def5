#include "stack/apis/inference/inference_types.hpp"

#include <llama_stack/base64.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/json_fields.hpp>

#include <cstring>

namespace llama_stack {

namespace json = boost::json;

namespace {

std::optional<std::string> optional_string(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

const json::object* object_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* array_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

std::optional<Usage> usage_of(const json::object& o) {
  const json::object* u = object_field(o, "usage");
  if (u == nullptr) return std::nullopt;
  return Usage{int_or_zero(*u, "prompt_tokens"), int_or_zero(*u, "completion_tokens"),
               int_or_zero(*u, "total_tokens"), *u};
}

// Content is a string, or a list of parts whose text parts are concatenated.
std::optional<std::string> content_of(const json::object& message) {
  const json::value* v = message.if_contains("content");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_array()) {
    std::string text;
    for (const auto& part : v->as_array())
      if (part.is_object()) text += string_or_empty(part.as_object(), "text");
    return text;
  }
  return std::nullopt;
}

double double_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<double>() : 0.0;
}

std::vector<ContentPart> parts_of(const json::object& message) {
  std::vector<ContentPart> parts;
  if (const json::array* list = array_field(message, "content")) {
    for (const auto& p : *list) {
      if (!p.is_object()) continue;
      const auto& part = p.as_object();
      ContentPart out{string_or_empty(part, "type"), string_or_empty(part, "text"), {}, part};
      if (const json::object* image = object_field(part, "image_url"))
        out.image_url = string_or_empty(*image, "url");
      parts.push_back(std::move(out));
    }
  }
  return parts;
}

std::vector<TokenLogprob> token_logprobs_of(const json::object& o, std::string_view key) {
  std::vector<TokenLogprob> out;
  const json::array* tokens = array_field(o, key);
  if (tokens == nullptr) return out;
  for (const auto& t : *tokens) {
    if (!t.is_object()) continue;
    const auto& token = t.as_object();
    TokenLogprob lp{string_or_empty(token, "token"), double_field(token, "logprob"), {}, {}};
    if (const json::array* bytes = array_field(token, "bytes"))
      for (const auto& b : *bytes)
        if (b.is_number()) lp.bytes.push_back(b.to_number<int>());
    if (const json::array* top = array_field(token, "top_logprobs"))
      for (const auto& alt : *top)
        if (alt.is_object())
          lp.top_logprobs.push_back(
              {string_or_empty(alt.as_object(), "token"), double_field(alt.as_object(), "logprob")});
    out.push_back(std::move(lp));
  }
  return out;
}

std::optional<ChoiceLogprobs> chat_logprobs_of(const json::object& choice) {
  const json::object* lp = object_field(choice, "logprobs");
  if (lp == nullptr) return std::nullopt;
  return ChoiceLogprobs{token_logprobs_of(*lp, "content"), token_logprobs_of(*lp, "refusal"), *lp};
}

std::optional<CompletionLogprobs> completion_logprobs_of(const json::object& choice) {
  const json::object* lp = object_field(choice, "logprobs");
  if (lp == nullptr) return std::nullopt;
  CompletionLogprobs out;
  out.raw = *lp;
  if (const json::array* tokens = array_field(*lp, "tokens"))
    for (const auto& t : *tokens)
      out.tokens.push_back(t.is_string() ? std::string(t.as_string()) : std::string());
  if (const json::array* values = array_field(*lp, "token_logprobs"))
    for (const auto& v : *values)
      out.token_logprobs.push_back(v.is_number() ? std::optional(v.to_number<double>())
                                                 : std::nullopt);
  if (const json::array* top = array_field(*lp, "top_logprobs")) {
    for (const auto& alternatives : *top) {
      std::map<std::string, double> entry;
      if (alternatives.is_object())
        for (const auto& [token, value] : alternatives.as_object())
          if (value.is_number()) entry[std::string(token)] = value.to_number<double>();
      out.top_logprobs.push_back(std::move(entry));
    }
  }
  if (const json::array* offsets = array_field(*lp, "text_offset"))
    for (const auto& o : *offsets)
      if (o.is_number()) out.text_offset.push_back(o.to_number<std::int64_t>());
  return out;
}

ChatMessage message_of(const json::object& m) {
  ChatMessage message{string_or_empty(m, "role"), content_of(m), {}, m, parts_of(m),
                      optional_string(m, "refusal")};
  if (const json::array* calls = array_field(m, "tool_calls")) {
    for (const auto& c : *calls) {
      if (!c.is_object()) continue;
      const auto& call = c.as_object();
      ToolCall tc{static_cast<int>(int_or_zero(call, "index")), string_or_empty(call, "id"),
                  string_or_empty(call, "type"), {}};
      if (const json::object* f = object_field(call, "function"))
        tc.function = {string_or_empty(*f, "name"), string_or_empty(*f, "arguments")};
      message.tool_calls.push_back(std::move(tc));
    }
  }
  return message;
}

// The choices of a chat completion (each under "message") or of a chunk
// (each under "delta").
template <class Choice>
std::vector<Choice> chat_choices_of(const json::object& o, std::string_view message_key) {
  std::vector<Choice> out;
  if (const json::array* choices = array_field(o, "choices")) {
    for (const auto& c : *choices) {
      if (!c.is_object()) continue;
      const auto& choice = c.as_object();
      const json::object* m = object_field(choice, message_key);
      out.push_back({static_cast<int>(int_or_zero(choice, "index")), m ? message_of(*m) : ChatMessage{},
                     optional_string(choice, "finish_reason"), choice, chat_logprobs_of(choice)});
    }
  }
  return out;
}

}  // namespace

ChatCompletion ChatCompletion::from_json(const json::object& o) {
  ChatCompletion out{string_or_empty(o, "id"), string_or_empty(o, "model"), int_or_zero(o, "created"),
                     {}, usage_of(o), o, optional_string(o, "system_fingerprint")};
  out.choices = chat_choices_of<ChatChoice>(o, "message");
  return out;
}

ChatCompletionChunk ChatCompletionChunk::from_json(const json::object& o) {
  ChatCompletionChunk out{string_or_empty(o, "id"), string_or_empty(o, "model"), {}, usage_of(o), o,
                          int_or_zero(o, "created")};
  out.choices = chat_choices_of<ChatChunkChoice>(o, "delta");
  return out;
}

Completion Completion::from_json(const json::object& o) {
  Completion out{string_or_empty(o, "id"), string_or_empty(o, "model"), {}, usage_of(o), o,
                 int_or_zero(o, "created")};
  if (const json::array* choices = array_field(o, "choices")) {
    for (const auto& c : *choices) {
      if (!c.is_object()) continue;
      const auto& choice = c.as_object();
      out.choices.push_back({static_cast<int>(int_or_zero(choice, "index")),
                             string_or_empty(choice, "text"),
                             optional_string(choice, "finish_reason"), choice,
                             completion_logprobs_of(choice)});
    }
  }
  return out;
}

EmbeddingsResponse EmbeddingsResponse::from_json(const json::object& o) {
  EmbeddingsResponse out{string_or_empty(o, "model"), {}, usage_of(o), o};
  if (const json::array* data = array_field(o, "data")) {
    for (const auto& d : *data) {
      if (!d.is_object()) continue;
      const auto& item = d.as_object();
      Embedding e{static_cast<int>(int_or_zero(item, "index")), {}, {}, item};
      if (const json::value* v = item.if_contains("embedding")) {
        if (v->is_string()) {
          e.base64 = std::string(v->as_string());
        } else if (v->is_array()) {
          e.embedding.reserve(v->as_array().size());
          for (const auto& x : v->as_array()) e.embedding.push_back(x.to_number<double>());
        }
      }
      out.data.push_back(std::move(e));
    }
  }
  return out;
}

void ToolCallAccumulator::add(const ChatCompletionChunk& chunk) {
  for (const auto& choice : chunk.choices) {
    for (const auto& delta : choice.delta.tool_calls) {
      ToolCall& call = calls_[choice.index][delta.index];
      call.index = delta.index;
      if (!delta.id.empty()) call.id = delta.id;
      if (!delta.type.empty()) call.type = delta.type;
      if (!delta.function.name.empty()) call.function.name = delta.function.name;
      call.function.arguments += delta.function.arguments;
    }
  }
}

std::vector<ToolCall> ToolCallAccumulator::calls(int choice_index) const {
  std::vector<ToolCall> out;
  if (auto it = calls_.find(choice_index); it != calls_.end())
    for (const auto& [index, call] : it->second) out.push_back(call);
  return out;
}

std::vector<float> decode_base64_embedding(std::string_view text) {
  const std::optional<std::string> decoded = base64::decode(text);
  if (!decoded) throw InvalidRequestError("embedding: not base64 (unexpected character or padding)");
  const std::string& bytes = *decoded;
  if (bytes.size() % 4 != 0)
    throw InvalidRequestError("embedding: base64 payload of " + std::to_string(bytes.size()) +
                              " bytes is not a list of float32 values");
  std::vector<float> values(bytes.size() / 4);
  for (std::size_t i = 0; i < values.size(); ++i) {
    // OpenAI sends little-endian float32; assemble the bits explicitly so
    // that the host's byte order does not matter.
    std::uint32_t word = 0;
    for (int b = 3; b >= 0; --b) word = (word << 8) | static_cast<unsigned char>(bytes[i * 4 + static_cast<std::size_t>(b)]);
    std::memcpy(&values[i], &word, sizeof(float));
  }
  return values;
}

std::vector<float> Embedding::values() const {
  if (!base64.empty()) return decode_base64_embedding(base64);
  return std::vector<float>(embedding.begin(), embedding.end());
}

}  // namespace llama_stack
