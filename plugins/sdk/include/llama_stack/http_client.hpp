#pragma once
// The one outbound path. Providers never open sockets: they describe a request
// and hand it to the stack's HttpClient, which is where TLS, timeouts and the
// replay store live, so that every provider is recorded and replayed alike.
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace llama_stack {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

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
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
  bool tls_verify = true;
};

struct HttpResponse {
  int status = 0;
  HttpHeaders headers;
  std::string body;
};

// How a streaming response body is framed.
enum class StreamFormat {
  sse,     // text/event-stream: "data: ..." events, ending at "[DONE]" or EOF
  ndjson,  // one JSON document per line
};

// Pull-based event reader: each call returns the next event payload (the data
// of one SSE event, or one NDJSON line) as soon as it has arrived.
class EventStream {
 public:
  virtual ~EventStream() = default;
  // The next payload, or nullopt once the stream has ended.
  virtual std::optional<std::string> next() = 0;
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
  // Throws ConnectionError when the upstream cannot be reached.
  virtual HttpResponse send(const HttpRequest& request) = 0;
  virtual StreamResponse open_stream(const HttpRequest& request, StreamFormat format) = 0;
};

}  // namespace llama_stack
