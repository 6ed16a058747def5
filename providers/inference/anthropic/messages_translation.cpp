#include "providers/inference/anthropic/messages_translation.hpp"

#include "providers/kits/openai_compat/openai_compat_inference.hpp"
#include "providers/kits/openai_compat/upstream.hpp"

#include <llama_stack/json_fields.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace llama_stack::providers::anthropic {

namespace json = boost::json;

namespace {

[[noreturn]] void unsupported(std::string_view what) {
  throw UnsupportedError("anthropic: " + std::string(what) +
                         " has no equivalent in the Messages API");
}

[[noreturn]] void invalid(std::string_view what) {
  throw InvalidRequestError("anthropic: " + std::string(what));
}

json::object text_block(std::string_view text) { return {{"type", "text"}, {"text", text}}; }

// "data:image/png;base64,AAAA" -> a base64 source; anything else a URL source.
json::object image_block(const json::object& part) {
  const json::value* image = part.if_contains("image_url");
  std::string url;
  if (image && image->is_object())
    url = string_or_empty(image->as_object(), "url");
  else if (image && image->is_string())
    url = std::string(image->as_string());
  if (url.empty()) invalid("an image_url content part needs image_url.url");
  if (url.starts_with("data:")) {
    const auto semicolon = url.find(";base64,");
    if (semicolon == std::string::npos)
      invalid("image data URIs must be base64 (data:<media type>;base64,<data>)");
    return {{"type", "image"},
            {"source",
             {{"type", "base64"},
              {"media_type", url.substr(5, semicolon - 5)},
              {"data", url.substr(semicolon + 8)}}}};
  }
  return {{"type", "image"}, {"source", {{"type", "url"}, {"url", url}}}};
}

// Message content as Anthropic blocks; a plain string stays a string.
json::value content_of(const json::value& content, std::string_view role) {
  if (content.is_null()) return json::array{};
  if (content.is_string()) return content;
  if (!content.is_array()) invalid("message content must be a string or a list of parts");
  json::array blocks;
  for (const auto& p : content.as_array()) {
    if (!p.is_object()) invalid("content parts must be objects");
    const json::object& part = p.as_object();
    const std::string type = string_or_empty(part, "type");
    if (type == "text")
      blocks.push_back(text_block(string_or_empty(part, "text")));
    else if (type == "image_url" && role == "user")
      blocks.push_back(image_block(part));
    else
      unsupported("a '" + type + "' content part in a " + std::string(role) + " message");
  }
  return blocks;
}

json::array as_blocks(const json::value& content) {
  if (content.is_array()) return content.as_array();
  return json::array{text_block(content.as_string())};
}

std::string plain_text(const json::value& content) {
  if (content.is_string()) return std::string(content.as_string());
  std::string text;
  for (const auto& block : content.as_array()) text += string_or_empty(block.as_object(), "text");
  return text;
}

class MessageList {
 public:
  // Anthropic wants user and assistant turns to alternate: consecutive
  // messages of one role (tool results, then a user's text) become one.
  void append(std::string_view role, json::value content) {
    if (!messages_.empty()) {
      json::object& last = messages_.back().as_object();
      if (last.at("role").as_string() == role) {
        json::array merged = as_blocks(last.at("content"));
        for (auto& block : as_blocks(content)) merged.push_back(std::move(block));
        last["content"] = std::move(merged);
        return;
      }
    }
    messages_.push_back(json::object{{"role", role}, {"content", std::move(content)}});
  }
  json::array take() { return std::move(messages_); }

 private:
  json::array messages_;
};

json::object tool_use_block(const json::object& call) {
  const json::value* f = call.if_contains("function");
  if (f == nullptr || !f->is_object()) invalid("assistant tool_calls need a function");
  const std::string arguments = string_or_empty(f->as_object(), "arguments");
  json::value input = json::object{};
  if (!arguments.empty()) {
    boost::system::error_code ec;
    input = json::parse(arguments, ec);
    if (ec || !input.is_object())
      invalid("tool call arguments must be a JSON object, got: " + arguments.substr(0, 200));
  }
  return {{"type", "tool_use"},
          {"id", string_or_empty(call, "id")},
          {"name", string_or_empty(f->as_object(), "name")},
          {"input", std::move(input)}};
}

void translate_messages(const json::value& messages, json::object& out) {
  if (!messages.is_array()) invalid("'messages' must be a list");
  std::vector<std::string> system;
  MessageList list;
  for (const auto& m : messages.as_array()) {
    if (!m.is_object()) invalid("each message must be an object");
    const json::object& message = m.as_object();
    const std::string role = string_or_empty(message, "role");
    const json::value* raw = message.if_contains("content");
    const json::value content = raw ? *raw : json::value(nullptr);
    if (role == "system" || role == "developer") {
      system.push_back(plain_text(content_of(content, role)));
    } else if (role == "user") {
      list.append("user", content_of(content, role));
    } else if (role == "assistant") {
      json::array blocks = as_blocks(content_of(content, role));
      if (const json::value* calls = message.if_contains("tool_calls"); calls && calls->is_array())
        for (const auto& call : calls->as_array())
          if (call.is_object()) blocks.push_back(tool_use_block(call.as_object()));
      list.append("assistant", std::move(blocks));
    } else if (role == "tool") {
      json::object result{{"type", "tool_result"},
                          {"tool_use_id", string_or_empty(message, "tool_call_id")},
                          {"content", content_of(content, "tool")}};
      list.append("user", json::array{std::move(result)});
    } else {
      invalid("unknown message role '" + role + "'");
    }
  }
  if (system.size() == 1) {
    out["system"] = system.front();
  } else if (!system.empty()) {
    json::array blocks;
    for (const auto& text : system) blocks.push_back(text_block(text));
    out["system"] = std::move(blocks);
  }
  out["messages"] = list.take();
}

json::array translate_tools(const json::value& tools) {
  if (!tools.is_array()) invalid("'tools' must be a list");
  json::array out;
  for (const auto& t : tools.as_array()) {
    const json::object* tool = t.if_object();
    const json::value* f = tool ? tool->if_contains("function") : nullptr;
    if (tool == nullptr || string_or_empty(*tool, "type") != "function" || !f || !f->is_object())
      unsupported("a tool that is not of type 'function'");
    const json::object& function = f->as_object();
    json::object converted{{"name", string_or_empty(function, "name")}};
    if (const json::value* d = function.if_contains("description"); d && d->is_string())
      converted["description"] = *d;
    const json::value* schema = function.if_contains("parameters");
    converted["input_schema"] =
        schema && schema->is_object()
            ? *schema
            : json::value(json::object{{"type", "object"}, {"properties", json::object{}}});
    out.push_back(std::move(converted));
  }
  return out;
}

json::object translate_tool_choice(const json::value& choice) {
  if (choice.is_string()) {
    if (choice.as_string() == "auto") return {{"type", "auto"}};
    if (choice.as_string() == "required") return {{"type", "any"}};
    if (choice.as_string() == "none") return {{"type", "none"}};
  } else if (const json::object* named = choice.if_object()) {
    if (const json::value* f = named->if_contains("function"); f && f->is_object())
      return {{"type", "tool"}, {"name", string_or_empty(f->as_object(), "name")}};
  }
  invalid(
      "tool_choice must be auto, none, required or {\"type\": \"function\", \"function\": "
      "{\"name\": ...}}, got " +
      json::serialize(choice));
}

}  // namespace

json::object to_messages_request(const json::object& params, std::int64_t default_max_tokens) {
  const json::object body = pass_through_body(params);
  json::object out;
  out["max_tokens"] = default_max_tokens;
  json::value tool_choice = nullptr;
  bool parallel_tool_calls = true;
  for (const auto& [key, value] : body) {
    if (key == "messages") {
      translate_messages(value, out);
    } else if (key == "max_tokens" || key == "max_completion_tokens") {
      out["max_tokens"] = value;
    } else if (key == "stop") {
      out["stop_sequences"] = value.is_string() ? json::value(json::array{value}) : value;
    } else if (key == "tools") {
      out["tools"] = translate_tools(value);
    } else if (key == "tool_choice") {
      tool_choice = translate_tool_choice(value);
    } else if (key == "parallel_tool_calls") {
      parallel_tool_calls = !value.is_bool() || value.as_bool();
    } else if (key == "user") {
      out["metadata"] = json::object{{"user_id", value}};
    } else if (key == "stream_options") {
      // Consumed by the stream translation (include_usage).
    } else if (key == "response_format") {
      if (!value.is_object() || string_or_empty(value.as_object(), "type") != "text")
        unsupported("response_format '" + json::serialize(value) + "'");
    } else if (key == "n") {
      if (!(value.is_int64() && value.as_int64() == 1)) unsupported("n other than 1");
    } else if (key == "logprobs" || key == "top_logprobs") {
      if (!(value.is_bool() && !value.as_bool()))
        unsupported("parameter '" + std::string(key) + "'");
    } else if (key == "seed" || key == "frequency_penalty" || key == "presence_penalty" ||
               key == "logit_bias" || key == "functions" || key == "function_call") {
      unsupported("parameter '" + std::string(key) + "'");
    } else {
      // model, stream, temperature, top_p and Anthropic's own (top_k,
      // metadata, thinking, ...).
      out[key] = value;
    }
  }
  if (!out.contains("messages")) invalid("parameter 'messages' is required");
  if (!parallel_tool_calls) {
    if (tool_choice.is_null()) tool_choice = json::object{{"type", "auto"}};
    tool_choice.as_object()["disable_parallel_tool_use"] = true;
  }
  if (!tool_choice.is_null()) out["tool_choice"] = std::move(tool_choice);
  return out;
}

json::value finish_reason(const json::value& stop_reason) {
  if (!stop_reason.is_string()) return nullptr;
  const auto& r = stop_reason.as_string();
  if (r == "max_tokens") return "length";
  if (r == "tool_use") return "tool_calls";
  if (r == "refusal") return "content_filter";
  return "stop";  // end_turn, stop_sequence, pause_turn
}

namespace {

// Anthropic counts cached input apart from input_tokens; OpenAI's
// prompt_tokens is the whole prompt.
json::object openai_usage(const json::object& usage) {
  const std::int64_t cache_read = int_or_zero(usage, "cache_read_input_tokens");
  const std::int64_t prompt =
      int_or_zero(usage, "input_tokens") + cache_read + int_or_zero(usage, "cache_creation_input_tokens");
  const std::int64_t completion = int_or_zero(usage, "output_tokens");
  json::object out{{"prompt_tokens", prompt},
                   {"completion_tokens", completion},
                   {"total_tokens", prompt + completion}};
  if (cache_read > 0) out["prompt_tokens_details"] = json::object{{"cached_tokens", cache_read}};
  return out;
}

}  // namespace

json::object to_chat_completion(const json::object& message, std::int64_t created) {
  std::string text;
  bool has_text = false;
  json::array tool_calls;
  if (const json::value* content = message.if_contains("content"); content && content->is_array()) {
    for (const auto& b : content->as_array()) {
      if (!b.is_object()) continue;
      const json::object& block = b.as_object();
      const std::string type = string_or_empty(block, "type");
      if (type == "text") {
        text += string_or_empty(block, "text");
        has_text = true;
      } else if (type == "tool_use") {
        const json::value* input = block.if_contains("input");
        tool_calls.push_back(
            json::object{{"id", string_or_empty(block, "id")},
                         {"type", "function"},
                         {"function",
                          {{"name", string_or_empty(block, "name")},
                           {"arguments", input ? json::serialize(*input) : "{}"}}}});
      }
    }
  }
  json::object reply{{"role", "assistant"},
                     {"content", has_text ? json::value(text) : json::value(nullptr)}};
  if (!tool_calls.empty()) reply["tool_calls"] = std::move(tool_calls);
  const json::value* stop = message.if_contains("stop_reason");
  json::object out{
      {"id", string_or_empty(message, "id")},
      {"object", "chat.completion"},
      {"created", created},
      {"model", string_or_empty(message, "model")},
      {"choices", json::array{json::object{{"index", 0},
                                           {"message", std::move(reply)},
                                           {"finish_reason", finish_reason(stop ? *stop : nullptr)},
                                           {"logprobs", nullptr}}}}};
  if (const json::value* usage = message.if_contains("usage"); usage && usage->is_object())
    out["usage"] = openai_usage(usage->as_object());
  return out;
}

json::object StreamTranslator::chunk(json::array choices) const {
  return {{"id", id_},
          {"object", "chat.completion.chunk"},
          {"created", created_},
          {"model", model_},
          {"choices", std::move(choices)}};
}

json::object StreamTranslator::delta_chunk(json::object delta, json::value finish) const {
  return chunk(json::array{json::object{{"index", 0},
                                        {"delta", std::move(delta)},
                                        {"finish_reason", std::move(finish)},
                                        {"logprobs", nullptr}}});
}

std::vector<json::object> StreamTranslator::translate(const json::object& event) {
  const std::string type = string_or_empty(event, "type");
  std::vector<json::object> out;
  if (type == "message_start") {
    if (const json::value* m = event.if_contains("message"); m && m->is_object()) {
      id_ = string_or_empty(m->as_object(), "id");
      model_ = string_or_empty(m->as_object(), "model");
      if (const json::value* u = m->as_object().if_contains("usage"); u && u->is_object())
        usage_ = u->as_object();
    }
    out.push_back(delta_chunk({{"role", "assistant"}, {"content", ""}}));
  } else if (type == "content_block_start") {
    const json::value* b = event.if_contains("content_block");
    const json::object block = b && b->is_object() ? b->as_object() : json::object{};
    const std::string block_type = string_or_empty(block, "type");
    if (block_type == "tool_use") {
      const int index = static_cast<int>(tools_.size());
      tools_[int_or_zero(event, "index")] = index;
      json::object call{{"index", index},
                        {"id", string_or_empty(block, "id")},
                        {"type", "function"},
                        {"function", {{"name", string_or_empty(block, "name")}, {"arguments", ""}}}};
      out.push_back(delta_chunk({{"tool_calls", json::array{std::move(call)}}}));
    } else if (block_type == "text" && !string_or_empty(block, "text").empty()) {
      out.push_back(delta_chunk({{"content", string_or_empty(block, "text")}}));
    }
  } else if (type == "content_block_delta") {
    const json::value* d = event.if_contains("delta");
    const json::object delta = d && d->is_object() ? d->as_object() : json::object{};
    const std::string delta_type = string_or_empty(delta, "type");
    if (delta_type == "text_delta") {
      out.push_back(delta_chunk({{"content", string_or_empty(delta, "text")}}));
    } else if (delta_type == "input_json_delta") {
      auto tool = tools_.find(int_or_zero(event, "index"));
      if (tool == tools_.end())
        throw StackError("provider '" + provider_id_ +
                         "': input_json_delta for a content block that is not a tool_use");
      json::object call{{"index", tool->second},
                        {"function", {{"arguments", string_or_empty(delta, "partial_json")}}}};
      out.push_back(delta_chunk({{"tool_calls", json::array{std::move(call)}}}));
    }
  } else if (type == "message_delta") {
    if (const json::value* u = event.if_contains("usage"); u && u->is_object())
      for (const auto& [key, value] : u->as_object()) usage_[key] = value;
    const json::value* d = event.if_contains("delta");
    const json::value* stop =
        d && d->is_object() ? d->as_object().if_contains("stop_reason") : nullptr;
    out.push_back(delta_chunk(json::object{}, finish_reason(stop ? *stop : nullptr)));
  } else if (type == "message_stop") {
    if (include_usage_) {
      json::object last = chunk(json::array{});
      last["usage"] = openai_usage(usage_);
      out.push_back(std::move(last));
    }
  } else if (type == "error") {
    std::string message = "stream error";
    if (const json::value* e = event.if_contains("error"); e && e->is_object())
      message = string_or_empty(e->as_object(), "type") + ": " + string_or_empty(e->as_object(), "message");
    throw UpstreamError(provider_id_, 500, message);
  }
  // ping, content_block_stop and event types added later carry no chunk.
  return out;
}

}  // namespace llama_stack::providers::anthropic
