#include "stack/server/http_server.hpp"

#include <llama_stack/errors.hpp>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace llama_stack::server {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

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
  if (auto value = header_value(headers, name)) return std::string(*value);
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
// thread); a request's handler runs on a worker. A whole answer is then
// written by the strand alone; a stream is pulled by the worker and written
// by the strand through a bounded Outbox, so that a slow reader slows only
// its own request and a reader that is gone ends it.
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
    const bool keep = keep_alive && !server_.stopping;
    RequestLog line{request.method, request.target, response.status, {}};
    if (!response.stream) return write_whole(std::move(response), keep, std::move(line), started);
    write_stream(response, Finish{keep, std::move(line), started});
  }

  static std::chrono::milliseconds elapsed_since(std::chrono::steady_clock::time_point started) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                 started);
  }

  // A request refused before it reached the handler; the connection closes.
  void refuse(int status, std::string message) {
    net::post(*server_.workers, [self = shared_from_this(), status, message = std::move(message)] {
      self->write_whole(self->server_.errors(status, message), false, {"-", "-", status, {}},
                        std::chrono::steady_clock::now());
    });
  }

  void close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.close();
  }

  template <class Message>
  void set_headers(Message& message, const ServerResponse& response, bool keep) {
    message.version(11);
    message.result(static_cast<unsigned>(response.status));
    message.set(http::field::server, "llama-stack-cpp");
    for (const auto& [name, value] : response.headers) message.set(name, value);
    message.keep_alive(keep);
  }

  // A whole answer is handed to the strand, which logs it once sent and
  // then reads the next request: the worker is free at once (a slow reader
  // holds no worker), and a request costs two thread hand-offs, not four.
  void write_whole(ServerResponse response, bool keep, RequestLog line,
                   std::chrono::steady_clock::time_point started) {
    auto message = std::make_shared<http::response<http::string_body>>();
    set_headers(*message, response, keep);
    message->body() = std::move(response.body);
    message->prepare_payload();
    net::post(stream_.get_executor(), [self = shared_from_this(), message, keep,
                                       line = std::move(line), started]() mutable {
      self->stream_.expires_after(self->server_.options.idle_timeout);
      http::async_write(self->stream_, *message,
                        [self, message, keep, line = std::move(line), started](
                            beast::error_code ec, std::size_t) mutable {
                          line.elapsed = elapsed_since(started);
                          self->server_.log(line);
                          if (!ec && keep) self->read();
                          else self->close();
                        });
    });
  }

  // What the strand does once a stream's last byte is out: log the request,
  // then read the next one (or close).
  struct Finish {
    bool keep = false;
    RequestLog line;
    std::chrono::steady_clock::time_point started;
  };

  // A stream on its way out. The worker frames each piece into `pending`
  // (after the head); the strand writes whatever has piled up in one write,
  // so pieces that come faster than the socket takes them share a write and
  // none waits for a later one. A reader slower than the source holds up to
  // kOutboxLimit bytes here, then the worker waits; a write that fails (or
  // times out) ends the stream. The worker is free once the source has
  // ended: the strand sends the rest and finishes the request.
  struct Outbox {
    std::string writing;  // strand only: the write in flight
    Finish finish;        // strand only once `finished`
    std::mutex mutex;
    std::condition_variable changed;
    std::string pending;  // guarded by mutex, as are the four below
    bool in_flight = false;
    bool failed = false;
    bool finished = false;  // the worker is done with the source
    bool complete = false;  // ... and the source ended well
  };
  static constexpr std::size_t kOutboxLimit = 64 * 1024;

  void write_stream(ServerResponse& response, Finish finish) {
    http::response<http::empty_body> head;
    set_headers(head, response, finish.keep);
    head.chunked(true);
    const auto out = std::make_shared<Outbox>();
    out->finish = std::move(finish);
    // The head goes at once (a client learns its request was taken before
    // the first event, however late that is); chunks that come while it is
    // being written share the next write.
    std::ostringstream head_text;
    head_text << head.base();
    out->pending = std::move(head_text).str();
    out->in_flight = true;
    net::post(stream_.get_executor(), [self = shared_from_this(), out] { self->flush(out); });
    bool complete = false;
    try {
      bool open = true;
      while (open) {
        auto piece = response.stream->next();
        if (piece && piece->empty()) continue;
        open = enqueue(out, piece);  // nullopt: the last chunk
        complete = open && !piece;
        if (!piece) break;
      }
    } catch (...) {
      complete = false;  // the client sees the body cut short
    }
    // The client gone or the source failed: let the source go now (its upstream with it).
    if (!complete) response.stream.reset();
    std::lock_guard lock(out->mutex);
    out->finished = true;
    out->complete = complete;
    if (!out->in_flight) {
      out->in_flight = true;
      net::post(stream_.get_executor(), [self = shared_from_this(), out] { self->flush(out); });
    }
  }

  // On the worker: frames `piece` (nullopt: the last chunk) for the strand
  // to write; false once a write has failed.
  bool enqueue(const std::shared_ptr<Outbox>& out, const std::optional<std::string>& piece) {
    std::unique_lock lock(out->mutex);
    out->changed.wait(lock, [&] { return out->failed || out->pending.size() < kOutboxLimit; });
    if (out->failed) return false;
    if (piece) {
      char size[20];
      const int n = std::snprintf(size, sizeof size, "%zx\r\n", piece->size());
      out->pending.append(size, static_cast<std::size_t>(n)).append(*piece).append("\r\n");
    } else {
      out->pending.append("0\r\n\r\n");
    }
    if (!out->in_flight) {
      out->in_flight = true;
      net::post(stream_.get_executor(), [self = shared_from_this(), out] { self->flush(out); });
    }
    return true;
  }

  // On the strand: writes what is pending; finishes the request when
  // nothing is and the worker is done.
  void flush(const std::shared_ptr<Outbox>& out) {
    {
      std::lock_guard lock(out->mutex);
      out->writing.clear();
      if (!out->failed) std::swap(out->writing, out->pending);
      out->changed.notify_all();  // room for the worker
    }
    if (out->writing.empty()) return finish_stream(out);  // only once finished (or failed and finished)
    stream_.expires_after(server_.options.idle_timeout);
    net::async_write(stream_, net::buffer(out->writing),
                     [self = shared_from_this(), out](beast::error_code ec, std::size_t) {
                       self->after_write(out, ec);
                     });
  }

  void after_write(const std::shared_ptr<Outbox>& out, beast::error_code ec) {
    {
      std::lock_guard lock(out->mutex);
      if (ec) out->failed = true;
      if (!out->finished && (out->failed || out->pending.empty())) {
        out->in_flight = false;  // the worker posts the next flush
        out->changed.notify_all();
        return;
      }
    }
    flush(out);
  }

  void finish_stream(const std::shared_ptr<Outbox>& out) {
    bool sent = false;
    {
      std::lock_guard lock(out->mutex);
      sent = out->complete && !out->failed;
    }
    Finish& f = out->finish;
    f.line.elapsed = elapsed_since(f.started);
    server_.log(f.line);
    if (sent && f.keep) read();
    else close();
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
    // An answer goes out in several writes (head, then each chunk of a
    // stream): with Nagle's algorithm each write after the first would wait
    // for the client's delayed ACK (40 ms on Linux).
    beast::error_code nodelay_ec;
    socket.set_option(tcp::no_delay(true), nodelay_ec);
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
