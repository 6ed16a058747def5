#pragma once
// An HTTP/1.1 server with keep-alive: connections are read and written
// asynchronously by an I/O thread, and each request is handed to a worker
// pool where its handler runs start to end on one worker thread (the stack's
// request scope is per thread), streamed bodies included. Beast and Asio stay
// in the .cpp: they are slow to compile.
#include <llama_stack/http_client.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::server {

struct ServerRequest {
  std::string method;  // "POST"
  std::string target;  // "/v1/models?limit=2": path and query, as sent
  HttpHeaders headers;
  std::string body;
  // The first header of that name (case-insensitive).
  std::optional<std::string> header(std::string_view name) const;
};

// A body sent piece by piece as it is produced (chunked transfer encoding).
class BodyStream {
 public:
  virtual ~BodyStream() = default;
  // The next piece, or nullopt at the end. Runs on the request's worker.
  virtual std::optional<std::string> next() = 0;
};

struct ServerResponse {
  int status = 200;
  HttpHeaders headers;  // Content-Type among them
  std::string body;
  std::unique_ptr<BodyStream> stream;  // set: the body, instead of `body`
};

// Must not throw; what it throws is answered with a bare 500.
using RequestHandler = std::function<ServerResponse(const ServerRequest&)>;
// Builds the answer to a request the server refuses itself (413 body too
// large, 400 malformed HTTP): status and message.
using ErrorResponder = std::function<ServerResponse(int status, const std::string& message)>;

// One line per request, written when its answer has been sent.
struct RequestLog {
  std::string method;
  std::string target;
  int status = 0;
  std::chrono::milliseconds elapsed{0};
};

struct ServerOptions {
  std::string address = "0.0.0.0";
  int port = 8321;  // 0: any free port (see HttpServer::port)
  // Worker threads; 0: the machine's hardware concurrency.
  unsigned threads = 0;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  // A client that sends nothing of its next request for this long, or
  // accepts none of an answer for this long, is disconnected.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  std::function<void(const RequestLog&)> log;
};

// What a connection answers to `bytes` when the client sends exactly those
// and then ends its side, without a socket: the requests they hold are read
// one after another as a connection reads them (keep-alive, pipelining),
// each answered by `handler` or refused by `errors` with the status the
// server gives (400 malformed, 413, 431), until one closes the connection or
// the bytes end. `answer` gets each response in order, its stream unread.
// HttpServer's connections read, refuse and answer through the same code;
// the fuzz target of the request path (fuzz/fuzz_server_request.cpp) calls
// this.
void answer_bytes(std::string_view bytes, const ServerOptions& options,
                  const RequestHandler& handler, const ErrorResponder& errors,
                  const std::function<void(ServerResponse&)>& answer);

class HttpServer {
 public:
  // Binds and starts serving; StackError naming the address when it cannot.
  HttpServer(ServerOptions options, RequestHandler handler, ErrorResponder errors);
  ~HttpServer();  // stop() then wait()
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The port bound (the chosen one when ServerOptions::port is 0).
  int port() const noexcept;
  // Graceful shutdown: stops accepting, closes idle connections, lets
  // requests in flight (streams too) finish and then closes theirs. Returns
  // at once; safe from any thread, and more than once.
  void stop();
  // Blocks until stop() has completed: every connection is closed and every
  // thread joined.
  void wait();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llama_stack::server
