#pragma once
// Incremental framing of a streamed response body into event payloads. Bytes
// arrive in whatever pieces the network delivers (a piece may end inside a
// line or between "\r" and "\n"); the framer keeps the incomplete tail until
// the rest arrives, so no payload is ever split or merged.
#include <llama_stack/http_client.hpp>

#include <cstddef>
#include <deque>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::http_io {

class EventFramer {
 public:
  explicit EventFramer(StreamFormat format) : format_(format) {}

  // Appends body bytes. Ignored once the stream has ended.
  void feed(std::string_view bytes);
  // The body ended (EOF): a last line without newline, and an SSE event
  // without its closing blank line, are still delivered.
  void finish();
  // The next complete payload, if one is ready.
  std::optional<std::string> pop();
  // True once no more payloads can come: SSE "[DONE]" was seen or finish()
  // was called. Payloads already framed can still be popped.
  bool ended() const noexcept { return ended_; }
  // True once SSE "[DONE]" was seen.
  bool saw_done() const noexcept { return saw_done_; }
  // True once a line was seen that the format cannot hold (in SSE, a line
  // that is no field, e.g. a JSON or HTML body; in NDJSON, one that is no
  // JSON object or list): the body is not a stream. No payload is framed
  // after it.
  bool malformed() const noexcept { return malformed_; }

 private:
  void take_lines();
  void on_line(std::string_view line);
  void dispatch_sse_event();
  void stop_malformed();

  StreamFormat format_;
  std::string pending_;           // bytes not yet terminated by '\n'
  std::size_t scanned_ = 0;       // prefix of pending_ known to hold no '\n'
  std::string data_;              // SSE: data lines of the current event
  bool has_data_ = false;         // SSE: the current event had a data field
  std::deque<std::string> ready_;
  bool ended_ = false;
  bool saw_done_ = false;
  bool malformed_ = false;
};

}  // namespace llama_stack::http_io
