#include "stack/server/http_server.hpp"

#include <llama_stack/errors.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <future>
#include <map>
#include <mutex>
#include <thread>

namespace llama_stack::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

bool same_name(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
  });
}

// Headers are small; the provider-data header may carry several keys.
constexpr std::uint32_t kHeaderLimit = 64 * 1024;

using RequestParser = http::request_parser<http::string_body>;

void limit(RequestParser& parser, const ServerOptions& options) {
  parser.body_limit(options.max_body_bytes);
  parser.header_limit(kHeaderLimit);
}

struct Refusal {
  int status;
  std::string message;
};

// What a failed read is answered with; nullopt: nothing, the connection
// just closes (the client went away, or ended its side mid-request).
std::optional<Refusal> refusal_of(beast::error_code ec, const ServerOptions& options) {
  if (ec == http::error::body_limit)
    return Refusal{413, "request body exceeds the limit of " +
                            std::to_string(options.max_body_bytes) + " bytes"};
  if (ec == http::error::header_limit)
    return Refusal{431, "request headers exceed " + std::to_string(kHeaderLimit) + " bytes"};
  if (ec.category() == beast::http::make_error_code(http::error::bad_target).category() &&
      ec != http::error::end_of_stream && ec != http::error::partial_message)
    return Refusal{400, "malformed HTTP request: " + ec.message()};
  return std::nullopt;
}

ServerRequest request_of(http::request<http::string_body>& message) {
  ServerRequest request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  for (const auto& field : message)
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  request.body = std::move(message.body());
  return request;
}

ServerResponse handled(const RequestHandler& handler, const ServerRequest& request) {
  try {
    return handler(request);
  } catch (...) {
    return ServerResponse{500, {{"Content-Type", "text/plain"}}, "internal error", nullptr};
  }
}

// Reads one request from the front of `rest` as http::async_read does from
// a socket that delivers `rest` and then the end of the stream.
beast::error_code read_from(std::string_view& rest, RequestParser& parser) {
  beast::error_code ec;
  while (!parser.is_done()) {
    const std::size_t used = rest.empty() ? 0 : parser.put(net::buffer(rest.data(), rest.size()), ec);
    rest.remove_prefix(used);
    if (ec && ec != http::error::need_more) return ec;
    ec = {};
    // Everything there is was offered and more is wanted: the end comes.
    // As in async_read, before any byte it is end_of_stream (put_eof wants
    // a parser that got some).
    if (used == 0) {
      if (!parser.got_some()) return http::error::end_of_stream;
      parser.put_eof(ec);
      return ec;
    }
  }
  return ec;
}

}  // namespace

void answer_bytes(std::string_view bytes, const ServerOptions& options,
                  const RequestHandler& handler, const ErrorResponder& errors,
                  const std::function<void(ServerResponse&)>& answer) {
  while (true) {
    RequestParser parser;
    limit(parser, options);
    if (const beast::error_code ec = read_from(bytes, parser)) {
      if (auto refusal = refusal_of(ec, options)) {
        ServerResponse response = errors(refusal->status, refusal->message);
        answer(response);
      }
      return;
    }
    auto message = parser.release();
    const bool keep_alive = message.keep_alive();
    ServerResponse response = handled(handler, request_of(message));
    answer(response);
    if (!keep_alive) return;
  }
}

std::optional<std::string> ServerRequest::header(std::string_view name) const {
  for (const auto& [k, v] : headers)
    if (same_name(k, name)) return v;
  return std::nullopt;
}

class Connection;

struct ServerCore {
  ServerOptions options;
  RequestHandler handler;
  ErrorResponder errors;
  net::io_context ioc{1};
  std::optional<net::executor_work_guard<net::io_context::executor_type>> work{ioc.get_executor()};
  tcp::acceptor acceptor{ioc};
  std::unique_ptr<net::thread_pool> workers;
  std::thread io_thread;
  int port = 0;

  std::mutex mutex;
  std::condition_variable drained;
  std::map<Connection*, std::weak_ptr<Connection>> connections;  // guarded by mutex
  std::atomic<bool> stopping{false};
  bool joined = false;  // guarded by mutex

  void accept();
  void log(const RequestLog& line) const {
    if (options.log) options.log(line);
  }
};

// One client connection. Reads and writes run on its strand (the I/O
// thread); a request's handler and its writes are driven from a worker,
// which waits for each write so that a slow reader slows only its own
// request and a reader that is gone ends it.
struct HttpServer::Impl : ServerCore {};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(ServerCore& server, tcp::socket socket)
      : server_(server), stream_(std::move(socket)) {}

  ~Connection() {
    std::lock_guard lock(server_.mutex);
    server_.connections.erase(this);
    server_.drained.notify_all();
  }

  // On the strand.
  void read() {
    if (server_.stopping) return close();
    parser_.emplace();
    limit(*parser_, server_.options);
    stream_.expires_after(server_.options.idle_timeout);
    reading_ = true;
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::on_read, shared_from_this()));
  }

  // Shutdown closes a connection waiting for its next request.
  void close_if_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->reading_) self->stream_.cancel();
    });
  }

 private:
  void on_read(beast::error_code ec, std::size_t) {
    reading_ = false;
    if (ec) {
      if (auto refusal = refusal_of(ec, server_.options))
        return refuse(refusal->status, std::move(refusal->message));
      return close();
    }
    auto message = parser_->release();
    ServerRequest request = request_of(message);
    const bool keep_alive = message.keep_alive();
    net::post(*server_.workers, [self = shared_from_this(), request = std::move(request),
                                 keep_alive]() mutable { self->serve(request, keep_alive); });
  }

  // On a worker.
  void serve(const ServerRequest& request, bool keep_alive) {
    const auto started = std::chrono::steady_clock::now();
    ServerResponse response = handled(server_.handler, request);
    const int status = response.status;
    const bool keep = keep_alive && !server_.stopping;
    const bool sent = response.stream ? write_stream(response, keep) : write_whole(response, keep);
    server_.log({request.method, request.target, status,
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)});
    after_response(sent && keep);
  }

  // A request refused before it reached the handler; the connection closes.
  void refuse(int status, std::string message) {
    net::post(*server_.workers, [self = shared_from_this(), status, message = std::move(message)] {
      ServerResponse response = self->server_.errors(status, message);
      self->write_whole(response, false);
      self->server_.log({"-", "-", status, std::chrono::milliseconds(0)});
      self->after_response(false);
    });
  }

  void after_response(bool keep) {
    net::post(stream_.get_executor(), [self = shared_from_this(), keep] {
      if (keep) self->read();
      else self->close();
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  // Runs `start(done)` on the strand and waits for `done`; true on success.
  template <class Start>
  bool on_strand(Start start) {
    std::promise<beast::error_code> promise;
    auto result = promise.get_future();
    net::post(stream_.get_executor(), [this, &start, &promise] {
      stream_.expires_after(server_.options.idle_timeout);
      start([&promise](beast::error_code ec, std::size_t) { promise.set_value(ec); });
    });
    return !result.get();
  }

  template <class Message>
  void set_headers(Message& message, const ServerResponse& response, bool keep) {
    message.version(11);
    message.result(static_cast<unsigned>(response.status));
    message.set(http::field::server, "llama-stack-cpp");
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep);
  }

  bool write_whole(ServerResponse& response, bool keep) {
    http::response<http::string_body> message;
    set_headers(message, response, keep);
    message.body() = std::move(response.body);
    message.prepare_payload();
    return on_strand([&](auto done) { http::async_write(stream_, message, done); });
  }

  bool write_stream(ServerResponse& response, bool keep) {
    http::response<http::empty_body> head;
    set_headers(head, response, keep);
    head.chunked(true);
    http::response_serializer<http::empty_body> serializer(head);
    if (!on_strand([&](auto done) { http::async_write_header(stream_, serializer, done); }))
      return false;
    try {
      while (auto piece = response.stream->next()) {
        if (piece->empty()) continue;
        if (!on_strand([&](auto done) {
              net::async_write(stream_, http::make_chunk(net::buffer(*piece)), done);
            })) {
          // The client is gone: let the source go now (its upstream with it).
          response.stream.reset();
          return false;
        }
      }
    } catch (...) {
      response.stream.reset();
      return false;  // the client sees the body cut short
    }
    return on_strand([&](auto done) { net::async_write(stream_, http::make_chunk_last(), done); });
  }

  ServerCore& server_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<RequestParser> parser_;
  bool reading_ = false;  // on the strand
};

void ServerCore::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (!stopping && ec != net::error::operation_aborted) accept();
      return;
    }
    // A streamed answer is many small writes, each to be sent at once: with
    // Nagle's algorithm each waited for the ACK of the one before, which a
    // client delays (up to 40 ms on Linux) on a kept-alive connection.
    beast::error_code no_delay;
    socket.set_option(tcp::no_delay(true), no_delay);
    std::shared_ptr<Connection> connection;
    {
      std::lock_guard lock(mutex);
      if (stopping) return;
      connection = std::make_shared<Connection>(*this, std::move(socket));
      connections.emplace(connection.get(), connection);
    }
    connection->read();
    accept();
  });
}

HttpServer::HttpServer(ServerOptions options, RequestHandler handler, ErrorResponder errors)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->errors = std::move(errors);
  const unsigned threads = impl_->options.threads != 0
                               ? impl_->options.threads
                               : std::max(1u, std::thread::hardware_concurrency());
  const std::string where =
      impl_->options.address + ":" + std::to_string(impl_->options.port);
  try {
    const tcp::endpoint endpoint(net::ip::make_address(impl_->options.address),
                                 static_cast<unsigned short>(impl_->options.port));
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(net::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(net::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw StackError("cannot listen on " + where + ": " + e.what());
  }
  impl_->port = impl_->acceptor.local_endpoint().port();
  impl_->workers = std::make_unique<net::thread_pool>(threads);
  impl_->accept();
  impl_->io_thread = std::thread([impl = impl_.get()] { impl->ioc.run(); });
}

HttpServer::~HttpServer() {
  stop();
  wait();
}

int HttpServer::port() const noexcept { return impl_->port; }

void HttpServer::stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (impl_->stopping.exchange(true)) return;
    impl_->drained.notify_all();
  }
  net::post(impl_->ioc, [impl = impl_.get()] {
    beast::error_code ec;
    impl->acceptor.close(ec);
    std::vector<std::shared_ptr<Connection>> open;
    {
      std::lock_guard lock(impl->mutex);
      for (const auto& [_, weak] : impl->connections)
        if (auto c = weak.lock()) open.push_back(std::move(c));
    }
    for (const auto& c : open) c->close_if_idle();
  });
}

void HttpServer::wait() {
  {
    std::unique_lock lock(impl_->mutex);
    if (impl_->joined) return;
    impl_->drained.wait(lock, [&] { return impl_->stopping && impl_->connections.empty(); });
    impl_->joined = true;
  }
  impl_->work.reset();
  if (impl_->io_thread.joinable()) impl_->io_thread.join();
  impl_->workers->join();
}

}  // namespace llama_stack::server
