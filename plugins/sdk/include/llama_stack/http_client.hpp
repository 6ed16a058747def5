#pragma once
// The one outbound path. Providers never open sockets: they describe a request
// and hand it to the stack's HttpClient, which is where TLS, timeouts and the
// replay store live, so that every provider is recorded and replayed alike.
#include <llama_stack/errors.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// ASCII case-insensitive equality: how header names (and tokens such as
// media types) compare. By hand: std::tolower would follow the C locale.
inline bool iequals_ascii(std::string_view a, std::string_view b) {
  const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [&](char x, char y) { return lower(x) == lower(y); });
}

// The first value of header `name`, or nullopt.
inline std::optional<std::string_view> header_value(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [k, v] : headers)
    if (iequals_ascii(k, name)) return v;
  return std::nullopt;
}

// How a provider's stream says it is complete. A body that ends before its
// marker was cut short (a dropped connection, a proxy timeout, a crashed
// server): the HttpClient reports an error instead of a short answer, so a
// truncated stream is never taken, or recorded, as the whole answer.
enum class StreamEnd {
  by_format,      // SSE: done_event; NDJSON: done_field
  done_event,     // the SSE event "data: [DONE]" (OpenAI-style APIs)
  done_field,     // a payload whose "done" is true (Ollama's native NDJSON)
  message_stop,   // a payload whose "type" is "message_stop" (Anthropic)
  finish_reason,  // no marker: a payload with a choice whose finish_reason is set
};

struct HttpRequest {
  std::string method = "POST";
  // Full URL, scheme and host included (http://localhost:11434/v1/chat/completions).
  std::string url;
  // The API route this call stands for, without scheme, host or base-URL
  // prefix ("/v1/chat/completions"); recordings are keyed on it so that one
  // recording serves any configured URL.
  std::string endpoint;
  HttpHeaders headers;
  // JSON body; null means no body.
  boost::json::value body;
  // A body that is not JSON (a multipart upload), sent as it is with the
  // Content-Type the headers give; replaces `body` when set. The replay
  // store refuses such requests: it keys and stores JSON bodies only.
  std::optional<std::string> raw_body;
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
  bool tls_verify = true;
  // Read by open_stream only.
  StreamEnd stream_end = StreamEnd::by_format;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

// How a streaming response body is framed.
enum class StreamFormat {
  sse,     // text/event-stream: "data: ..." events
  ndjson,  // one JSON document per line
};

// Pull-based event reader: each call returns the next event payload (the data
// of one SSE event, or one NDJSON line) as soon as it has arrived.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // The next payload, or nullopt once the stream has ended with the
  // request's StreamEnd marker. A stream cut short, or a body that is not
  // the requested format, throws BadResponseError instead.
  virtual std::optional<std::string> next() = 0;
};

// A 2xx answer that cannot be taken as the answer: a stream body that is not
// SSE/NDJSON or that ended before its marker, a body that is not the JSON
// asked for, a body over the size limit. Never recorded. The message names
// the URL and status and quotes the start of the body, secrets scrubbed.
class BadResponseError : public StackError {
 public:
  BadResponseError(std::string url, int status, const std::string& what)
      : StackError(what), url_(std::move(url)), status_(status) {}
  const std::string& url() const noexcept { return url_; }
  int status() const noexcept { return status_; }

 private:
  std::string url_;
  int status_;
};

struct StreamResponse {
  int status = 0;
  HttpHeaders headers;
  // Set when the status is 2xx.
  std::unique_ptr<EventStream> events;
  // The whole body when the status is not 2xx (the upstream's error).
  std::string error_body;
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  // Throws ConnectionError when the upstream cannot be reached, and
  // BadResponseError when its body is over the client's size limit.
  virtual HttpResponse send(const HttpRequest& request) = 0;
  virtual StreamResponse open_stream(const HttpRequest& request, StreamFormat format) = 0;
};

}  // namespace llama_stack
