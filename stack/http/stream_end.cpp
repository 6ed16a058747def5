#include "stack/http/stream_end.hpp"

#include <boost/json/parse.hpp>

namespace llama_stack::http_io {

namespace json = boost::json;

namespace {

// Payloads are parsed only when they can hold the marker: most chunks of a
// long stream cannot.
const json::object* parsed_object(std::string_view payload, std::string_view must_contain, json::value& holder) {
  if (payload.find(must_contain) == std::string_view::npos) return nullptr;
  boost::system::error_code ec;
  holder = json::parse(payload, ec);
  return ec ? nullptr : holder.if_object();
}

bool has_finish_reason(const json::object& chunk) {
  const json::value* choices = chunk.if_contains("choices");
  if (choices == nullptr || !choices->is_array()) return false;
  for (const auto& choice : choices->get_array()) {
    const json::object* c = choice.if_object();
    if (c == nullptr) continue;
    const json::value* reason = c->if_contains("finish_reason");
    if (reason != nullptr && reason->is_string() && !reason->get_string().empty()) return true;
  }
  return false;
}

}  // namespace

StreamEndCheck::StreamEndCheck(StreamEnd end, StreamFormat format) : end_(end) {
  if (end_ == StreamEnd::by_format)
    end_ = format == StreamFormat::sse ? StreamEnd::done_event : StreamEnd::done_field;
  if (end_ == StreamEnd::done_event && format != StreamFormat::sse)
    throw InvalidRequestError("stream_end done_event (\"data: [DONE]\") needs an SSE stream, not NDJSON");
}

void StreamEndCheck::observe(std::string_view payload) {
  if (complete_) return;
  json::value holder;
  switch (end_) {
    case StreamEnd::by_format:
    case StreamEnd::done_event:
      return;
    case StreamEnd::done_field:
      if (const auto* o = parsed_object(payload, "\"done\"", holder)) {
        const json::value* done = o->if_contains("done");
        complete_ = done != nullptr && done->is_bool() && done->get_bool();
      }
      return;
    case StreamEnd::message_stop:
      if (const auto* o = parsed_object(payload, "message_stop", holder)) {
        const json::value* type = o->if_contains("type");
        complete_ = type != nullptr && type->is_string() && type->get_string() == "message_stop";
      }
      return;
    case StreamEnd::finish_reason:
      if (const auto* o = parsed_object(payload, "finish_reason", holder)) complete_ = has_finish_reason(*o);
      return;
  }
}

std::string StreamEndCheck::expected() const {
  switch (end_) {
    case StreamEnd::by_format:
    case StreamEnd::done_event: return "the event \"data: [DONE]\"";
    case StreamEnd::done_field: return "a line with \"done\": true";
    case StreamEnd::message_stop: return "the event {\"type\": \"message_stop\"}";
    case StreamEnd::finish_reason: return "a chunk with a finish_reason";
  }
  return "its end marker";
}

}  // namespace llama_stack::http_io
