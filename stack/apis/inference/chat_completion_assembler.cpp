#include "stack/apis/inference/chat_completion_assembler.hpp"

#include <boost/json.hpp>

#include <cstdint>
#include <string_view>

namespace llama_stack {

namespace json = boost::json;

namespace {

// The entry of `array` whose "index" is `index`, appended when missing.
json::object& by_index(json::array& array, std::int64_t index, const json::object& fresh) {
  for (auto& v : array)
    if (const auto* i = v.as_object().if_contains("index"); i && i->is_number() &&
                                                           i->to_number<std::int64_t>() == index)
      return v.as_object();
  json::object added = fresh;
  added["index"] = index;
  array.push_back(std::move(added));
  return array.back().as_object();
}

std::int64_t index_of(const json::object& o) {
  const auto* i = o.if_contains("index");
  return i != nullptr && i->is_number() ? i->to_number<std::int64_t>() : 0;
}

void append_string(json::object& to, std::string_view key, const json::value& piece) {
  if (!piece.is_string()) return;
  json::value& slot = to[key];
  if (!slot.is_string()) slot = "";
  slot.as_string().append(piece.as_string());
}

void add_tool_call_delta(json::array& calls, const json::object& delta) {
  json::object& call = by_index(calls, index_of(delta),
                                {{"type", "function"},
                                 {"function", json::object{{"name", ""}, {"arguments", ""}}}});
  if (const auto* id = delta.if_contains("id"); id && id->is_string()) call["id"] = *id;
  if (const auto* type = delta.if_contains("type"); type && type->is_string()) call["type"] = *type;
  if (const auto* f = delta.if_contains("function"); f && f->is_object()) {
    json::object& function = call["function"].as_object();
    if (const auto* name = f->as_object().if_contains("name")) append_string(function, "name", *name);
    if (const auto* args = f->as_object().if_contains("arguments"))
      append_string(function, "arguments", *args);
  }
}

}  // namespace

void ChatCompletionAssembler::add(const json::object& chunk) {
  if (head_.empty())
    for (const char* key : {"id", "created", "model", "system_fingerprint", "service_tier"})
      if (const auto* v = chunk.if_contains(key)) head_[key] = *v;
  if (const auto* usage = chunk.if_contains("usage"); usage && usage->is_object())
    head_["usage"] = *usage;
  const auto* choices = chunk.if_contains("choices");
  if (choices == nullptr || !choices->is_array()) return;
  for (const auto& c : choices->as_array()) {
    if (!c.is_object()) continue;
    const json::object& piece = c.as_object();
    json::object& choice = by_index(
        choices_, index_of(piece),
        {{"message", json::object{{"role", "assistant"}, {"content", nullptr}}},
         {"finish_reason", nullptr}});
    json::object& message = choice["message"].as_object();
    if (const auto* d = piece.if_contains("delta"); d && d->is_object()) {
      const json::object& delta = d->as_object();
      if (const auto* role = delta.if_contains("role"); role && role->is_string()) message["role"] = *role;
      if (const auto* content = delta.if_contains("content")) append_string(message, "content", *content);
      if (const auto* calls = delta.if_contains("tool_calls"); calls && calls->is_array()) {
        if (!message.contains("tool_calls")) message["tool_calls"] = json::array();
        for (const auto& call : calls->as_array())
          if (call.is_object()) add_tool_call_delta(message["tool_calls"].as_array(), call.as_object());
      }
    }
    if (const auto* finish = piece.if_contains("finish_reason"); finish && !finish->is_null())
      choice["finish_reason"] = *finish;
  }
}

json::object ChatCompletionAssembler::completion() const {
  json::object out = head_;
  out["object"] = "chat.completion";
  out["choices"] = choices_;
  return out;
}

}  // namespace llama_stack
