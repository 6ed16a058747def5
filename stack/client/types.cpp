#include "stack/client/types.hpp"

namespace llama_stack {

namespace json = boost::json;

namespace {

std::string string_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::optional<std::string> optional_string(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::int64_t int_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return 0;
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
  return Usage{int_field(*u, "prompt_tokens"), int_field(*u, "completion_tokens"),
               int_field(*u, "total_tokens"), *u};
}

// Content is a string, or a list of parts whose text parts are concatenated.
std::optional<std::string> content_of(const json::object& message) {
  const json::value* v = message.if_contains("content");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_array()) {
    std::string text;
    for (const auto& part : v->as_array())
      if (part.is_object()) text += string_field(part.as_object(), "text");
    return text;
  }
  return std::nullopt;
}

ChatMessage message_of(const json::object& m) {
  ChatMessage message{string_field(m, "role"), content_of(m), {}, m};
  if (const json::array* calls = array_field(m, "tool_calls")) {
    for (const auto& c : *calls) {
      if (!c.is_object()) continue;
      const auto& call = c.as_object();
      ToolCall tc{static_cast<int>(int_field(call, "index")), string_field(call, "id"),
                  string_field(call, "type"), {}};
      if (const json::object* f = object_field(call, "function"))
        tc.function = {string_field(*f, "name"), string_field(*f, "arguments")};
      message.tool_calls.push_back(std::move(tc));
    }
  }
  return message;
}

}  // namespace

ChatCompletion ChatCompletion::from_json(const json::object& o) {
  ChatCompletion out{string_field(o, "id"), string_field(o, "model"), int_field(o, "created"),
                     {}, usage_of(o), o};
  if (const json::array* choices = array_field(o, "choices")) {
    for (const auto& c : *choices) {
      if (!c.is_object()) continue;
      const auto& choice = c.as_object();
      const json::object* m = object_field(choice, "message");
      out.choices.push_back({static_cast<int>(int_field(choice, "index")),
                             m ? message_of(*m) : ChatMessage{},
                             optional_string(choice, "finish_reason"), choice});
    }
  }
  return out;
}

ChatCompletionChunk ChatCompletionChunk::from_json(const json::object& o) {
  ChatCompletionChunk out{string_field(o, "id"), string_field(o, "model"), {}, usage_of(o), o};
  if (const json::array* choices = array_field(o, "choices")) {
    for (const auto& c : *choices) {
      if (!c.is_object()) continue;
      const auto& choice = c.as_object();
      const json::object* d = object_field(choice, "delta");
      out.choices.push_back({static_cast<int>(int_field(choice, "index")),
                             d ? message_of(*d) : ChatMessage{},
                             optional_string(choice, "finish_reason"), choice});
    }
  }
  return out;
}

Completion Completion::from_json(const json::object& o) {
  Completion out{string_field(o, "id"), string_field(o, "model"), {}, usage_of(o), o};
  if (const json::array* choices = array_field(o, "choices")) {
    for (const auto& c : *choices) {
      if (!c.is_object()) continue;
      const auto& choice = c.as_object();
      out.choices.push_back({static_cast<int>(int_field(choice, "index")),
                             string_field(choice, "text"),
                             optional_string(choice, "finish_reason"), choice});
    }
  }
  return out;
}

EmbeddingsResponse EmbeddingsResponse::from_json(const json::object& o) {
  EmbeddingsResponse out{string_field(o, "model"), {}, usage_of(o), o};
  if (const json::array* data = array_field(o, "data")) {
    for (const auto& d : *data) {
      if (!d.is_object()) continue;
      const auto& item = d.as_object();
      Embedding e{static_cast<int>(int_field(item, "index")), {}, {}, item};
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

}  // namespace llama_stack
