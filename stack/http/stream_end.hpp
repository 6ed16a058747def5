#pragma once
// Whether a stream reached the end its provider declared (HttpRequest::
// stream_end). The one check every HttpClient applies, so a truncated
// stream is an error for every provider alike.
#include <llama_stack/http_client.hpp>

#include <string>
#include <string_view>

namespace llama_stack::http_io {

class StreamEndCheck {
 public:
  // Resolves StreamEnd::by_format. Throws InvalidRequestError for an end
  // the format cannot carry (the SSE "[DONE]" event in NDJSON).
  StreamEndCheck(StreamEnd end, StreamFormat format);

  // Looks for the marker in one payload, as delivered to the caller.
  void observe(std::string_view payload);
  // The SSE "[DONE]" event was read (the framer takes it out of the stream).
  void saw_done_event() noexcept { done_event_ = true; }
  bool complete() const noexcept { return complete_ || (end_ == StreamEnd::done_event && done_event_); }
  // Whether the marker is an event the framer consumes, not a payload.
  bool ends_at_done_event() const noexcept { return end_ == StreamEnd::done_event; }
  // What was expected, for error messages: "the event \"data: [DONE]\"".
  std::string expected() const;

 private:
  StreamEnd end_;
  bool complete_ = false;
  bool done_event_ = false;
};

}  // namespace llama_stack::http_io
