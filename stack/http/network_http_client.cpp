#include "stack/http/network_http_client.hpp"

#include "stack/http/event_framing.hpp"
#include "stack/http/key_tokens.hpp"
#include "stack/http/stream_end.hpp"
#include "stack/http/url.hpp"

#include <llama_stack/errors.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/serialize.hpp>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#ifndef LLAMA_STACK_USER_AGENT
#error "stack/http/meson.build defines LLAMA_STACK_USER_AGENT from the project version"
#endif

namespace llama_stack {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using http_io::Url;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// Idle connections older than this are not reused: servers close idle
// keep-alive connections after a few seconds (uvicorn: 5 s), and a reused
// connection the server already closed costs a retry.
constexpr auto max_idle_age = std::chrono::seconds(4);
constexpr std::size_t max_idle_per_origin = 8;
constexpr std::uint32_t max_header_bytes = 64 * 1024;
constexpr std::size_t stream_read_chunk = 16 * 1024;

// One upstream connection with a private io_context. The HttpClient API is
// blocking, but Beast's per-operation timeouts only apply to asynchronous
// operations, so every blocking step runs one async operation to completion
// on this context. Owning the context per connection lets a connection move
// between threads (pool, EventStream) without sharing an executor.
class Connection {
 public:
  Connection(const Url& url, const std::shared_ptr<ssl::context>& tls_context)
      : tls_context_(url.is_tls() ? tls_context : nullptr) {
    if (url.is_tls()) {
      tls_.emplace(ioc_, *tls_context_);
    } else {
      plain_.emplace(ioc_);
    }
  }

  asio::io_context& ioc() { return ioc_; }
  beast::flat_buffer& buffer() { return buffer_; }
  beast::tcp_stream& tcp() { return tls_ ? beast::get_lowest_layer(*tls_) : *plain_; }
  TlsStream* tls() { return tls_ ? &*tls_ : nullptr; }

  // Calls f with the stream that carries HTTP: the TLS stream or the TCP one.
  template <class F>
  decltype(auto) with_stream(F&& f) {
    if (tls_) return f(*tls_);
    return f(*plain_);
  }

  // Runs one asynchronous operation to completion and returns its error.
  template <class Initiate>
  beast::error_code run(Initiate&& initiate) {
    beast::error_code result = asio::error::interrupted;
    std::forward<Initiate>(initiate)([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc_.restart();
    ioc_.run();
    return result;
  }

 private:
  // Declared first so it outlives the streams that use its executor.
  asio::io_context ioc_;
  std::shared_ptr<ssl::context> tls_context_;
  std::optional<TlsStream> tls_;
  std::optional<beast::tcp_stream> plain_;
  beast::flat_buffer buffer_;
};

// Keep-alive connections per origin, shared by all threads of one client.
class ConnectionPool {
 public:
  std::unique_ptr<Connection> take(const std::string& key) {
    std::vector<Idle> unusable;  // closed after the lock is released
    std::lock_guard lock(mutex_);
    const auto it = idle_.find(key);
    if (it == idle_.end()) return nullptr;
    auto& conns = it->second;
    while (!conns.empty()) {
      Idle idle = std::move(conns.back());
      conns.pop_back();
      if (Clock::now() - idle.since < max_idle_age && still_open(*idle.conn)) return std::move(idle.conn);
      unusable.push_back(std::move(idle));
    }
    return nullptr;
  }

  void give_back(const std::string& key, std::unique_ptr<Connection> conn) {
    std::optional<Idle> evicted;  // closed after the lock is released
    std::lock_guard lock(mutex_);
    auto& conns = idle_[key];
    if (conns.size() >= max_idle_per_origin) {
      evicted = std::move(conns.front());
      conns.erase(conns.begin());
    }
    conns.push_back({std::move(conn), Clock::now()});
  }

 private:
  // A server that closed an idle connection leaves EOF (or a TLS alert)
  // readable on it; an idle connection with nothing to read is usable.
  static bool still_open(Connection& conn) {
    auto& socket = conn.tcp().socket();
    if (!socket.is_open() || conn.buffer().size() != 0) return false;
    char byte = 0;
    const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
  }

  struct Idle {
    std::unique_ptr<Connection> conn;
    Clock::time_point since;
  };

  std::mutex mutex_;
  std::map<std::string, std::vector<Idle>> idle_;
};

std::string millis(std::chrono::milliseconds t) { return std::to_string(t.count()) + " ms"; }

ConnectionError timed_out(const HttpRequest& request, const std::string& while_doing) {
  return ConnectionError(request.url, "request to " + request.url + " timed out after " +
                                          millis(request.timeout) + " while " + while_doing);
}

ConnectionError cannot_connect(const HttpRequest& request, const std::string& reason) {
  return ConnectionError(request.url, "cannot connect to " + request.url + ": " + reason);
}

// A failed read or write. A body over the size limit is the upstream's
// answer refused, not a connection failure.
[[noreturn]] void io_failure(const HttpRequest& request, const std::string& while_doing,
                             const beast::error_code& ec, std::uint64_t limit, int status) {
  if (ec == bhttp::error::body_limit)
    throw BadResponseError(request.url, status,
                           request.method + " " + request.url + " answered HTTP " + std::to_string(status) +
                               " with a body larger than the limit of " + std::to_string(limit) +
                               " bytes; refused rather than buffered (set " + std::string(kMaxResponseBytesVariable) +
                               " to raise the limit)");
  if (ec == beast::error::timeout) throw timed_out(request, while_doing);
  throw ConnectionError(request.url, "connection to " + request.url + " failed while " + while_doing +
                                         ": " + ec.message());
}

// The errors a kept-alive connection shows when the server closed it while
// it sat in the pool: the request is safe to resend on a new connection.
bool is_stale_connection(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated;
}

bool is_success(int status) { return status >= 200 && status < 300; }

void check_header(const std::string& name, const std::string& value) {
  // A line break would let a header value inject further headers. The value
  // is not quoted: headers carry API keys.
  if (name.empty() || name.find_first_of(":\r\n") != std::string::npos)
    throw InvalidRequestError("HTTP header name '" + name + "' is not valid");
  if (value.find_first_of("\r\n") != std::string::npos)
    throw InvalidRequestError("HTTP header '" + name + "' contains a line break");
}

bool has_header(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers)
    if (beast::iequals(key, name)) return true;
  return false;
}

bhttp::request<bhttp::string_body> build_request(const Url& url, const HttpRequest& request,
                                                 std::string_view accept) {
  if (request.method.empty() || request.method.find_first_of(" \t\r\n") != std::string::npos)
    throw InvalidRequestError("HTTP method '" + request.method + "' is not valid");
  bhttp::request<bhttp::string_body> req;
  req.version(11);
  req.method_string(request.method);
  req.target(url.target);
  // Defaults first; a header the caller sets replaces the default.
  const auto set_default = [&](bhttp::field field, std::string_view value) {
    if (!has_header(request.headers, bhttp::to_string(field))) req.set(field, value);
  };
  set_default(bhttp::field::host, url.host_header());
  set_default(bhttp::field::user_agent, LLAMA_STACK_USER_AGENT);
  set_default(bhttp::field::accept, accept);
  if (request.raw_body) {
    req.body() = *request.raw_body;
  } else if (!request.body.is_null()) {
    set_default(bhttp::field::content_type, "application/json");
    req.body() = boost::json::serialize(request.body);
  }
  for (const auto& [name, value] : request.headers) {
    check_header(name, value);
    req.insert(name, value);
  }
  req.keep_alive(true);
  req.prepare_payload();
  return req;
}

template <class Body>
std::unique_ptr<bhttp::response_parser<Body>> make_parser(const HttpRequest& request, std::uint64_t limit) {
  auto parser = std::make_unique<bhttp::response_parser<Body>>();
  // Embedding responses run to megabytes (Beast's default cap is 8 MB); the
  // stack's own limit applies to streams too, whatever their framing.
  parser->body_limit(limit);
  parser->header_limit(max_header_bytes);
  // A HEAD response announces a body length but carries no body.
  if (beast::iequals(request.method, "HEAD")) parser->skip(true);
  return parser;
}

template <class Body>
HttpHeaders headers_of(const bhttp::response_parser<Body>& parser) {
  HttpHeaders out;
  for (const auto& field : parser.get().base())
    out.emplace_back(std::string(field.name_string()), std::string(field.value()));
  return out;
}

template <class Body>
int status_of(const bhttp::response_parser<Body>& parser) {
  return parser.is_header_done() ? static_cast<int>(parser.get().result_int()) : 0;
}

// Reads as much of the body as the next network read brings into `out`;
// returns the number of bytes stored.
std::size_t read_body_piece(Connection& conn, bhttp::response_parser<bhttp::buffer_body>& parser,
                            const HttpRequest& request, std::uint64_t limit, char* out, std::size_t capacity) {
  auto& body = parser.get().body();
  body.data = out;
  body.size = capacity;
  conn.tcp().expires_after(request.timeout);
  beast::error_code ec = conn.run([&](auto handler) {
    conn.with_stream([&](auto& stream) {
      bhttp::async_read_some(stream, conn.buffer(), parser, std::move(handler));
    });
  });
  // need_buffer only says our buffer is full: that is the point of reading.
  if (ec == bhttp::error::need_buffer) ec = {};
  if (ec) io_failure(request, "reading the response", ec, limit, status_of(parser));
  return capacity - body.size;
}

// Everything one client shares between threads.
struct ClientState {
  NetworkClientOptions options;
  ConnectionPool pool;
  std::once_flag tls_once;
  std::shared_ptr<ssl::context> tls_context;

  std::shared_ptr<ssl::context> tls() {
    // Built on first https use: loading the system trust store takes time
    // that plain-http users (local Ollama) should not pay.
    std::call_once(tls_once, [this] {
      auto ctx = std::make_shared<ssl::context>(ssl::context::tls_client);
      ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3);
      SSL_CTX_set_min_proto_version(ctx->native_handle(), TLS1_2_VERSION);
      ctx->set_default_verify_paths();
      tls_context = std::move(ctx);
    });
    return tls_context;
  }
};

struct Lookup {
  beast::error_code error;
  std::vector<tcp::endpoint> endpoints;
};

// Host name to addresses within the request's timeout. getaddrinfo cannot be
// interrupted, and Asio's resolver only reports a cancellation once the
// lookup has returned anyway; so a lookup runs on its own thread, and one
// that outlives the timeout is abandoned: the thread owns all it touches
// and ends when the system resolver gives up.
std::vector<tcp::endpoint> resolve(const Url& url, const HttpRequest& request) {
  beast::error_code ec;
  const auto address = asio::ip::make_address(url.host, ec);
  if (!ec) return {tcp::endpoint(address, url.port)};

  auto result = std::make_shared<std::promise<Lookup>>();
  auto done = result->get_future();
  std::thread([result, host = url.host, port = std::to_string(url.port)] {
    asio::io_context ioc;
    tcp::resolver resolver(ioc);
    Lookup lookup;
    for (const auto& entry : resolver.resolve(host, port, lookup.error)) lookup.endpoints.push_back(entry.endpoint());
    result->set_value(std::move(lookup));
  }).detach();
  if (done.wait_for(request.timeout) != std::future_status::ready)
    throw timed_out(request, "resolving host '" + url.host + "'");
  Lookup lookup = done.get();
  if (lookup.error) throw cannot_connect(request, "cannot resolve host '" + url.host + "': " + lookup.error.message());
  if (lookup.endpoints.empty()) throw cannot_connect(request, "host '" + url.host + "' has no address");
  return std::move(lookup.endpoints);
}

std::string pool_key(const Url& url, const HttpRequest& request) {
  // A connection whose peer was not verified must never serve a request
  // that asks for verification.
  return url.origin() + (url.is_tls() && !request.tls_verify ? " unverified" : "");
}

// The pull-based stream: each next() reads from the socket only until the
// framer has one more payload. It owns the connection and hands it back to
// the pool only when the response was read to its end. The end of the body
// is checked against the request's StreamEnd: a body cut short, or one that
// is no stream at all, is an error rather than a shorter answer.
class NetworkEventStream final : public EventStream {
 public:
  NetworkEventStream(std::unique_ptr<Connection> conn,
                     std::unique_ptr<bhttp::response_parser<bhttp::buffer_body>> parser,
                     StreamFormat format, HttpRequest request, std::string pool_key,
                     std::weak_ptr<ClientState> state, std::uint64_t limit)
      : conn_(std::move(conn)),
        parser_(std::move(parser)),
        framer_(format),
        end_(request.stream_end, format),
        format_(format),
        request_(std::move(request)),
        pool_key_(std::move(pool_key)),
        state_(std::move(state)),
        limit_(limit) {}

  std::optional<std::string> next() override {
    for (;;) {
      if (auto payload = framer_.pop()) {
        ++events_;
        end_.observe(*payload);
        return payload;
      }
      if (framer_.malformed()) fail("a body that is not " + format_name());
      if (framer_.ended() || !conn_) {
        if (framer_.saw_done()) end_.saw_done_event();
        release();
        if (!end_.complete())
          fail("a stream that ended before " + end_.expected() + " after " + std::to_string(events_) +
               " events (cut short: a dropped connection or an upstream failure)");
        return std::nullopt;
      }
      if (parser_->is_done()) {
        framer_.finish();
        continue;
      }
      std::size_t n;
      try {
        n = read_body_piece(*conn_, *parser_, request_, limit_, buffer_.data(), buffer_.size());
      } catch (...) {
        conn_.reset();
        throw;
      }
      if (head_.size() < kHeadKept) head_.append(buffer_.data(), std::min(n, kHeadKept - head_.size()));
      framer_.feed(std::string_view(buffer_.data(), n));
    }
  }

 private:
  static constexpr std::size_t kHeadKept = 512;

  std::string format_name() const { return format_ == StreamFormat::sse ? "an SSE event stream" : "NDJSON"; }

  [[noreturn]] void fail(const std::string& what) {
    conn_.reset();
    const int status = static_cast<int>(parser_->get().result_int());
    throw BadResponseError(request_.url, status,
                           "stream request " + request_.method + " " + request_.url + " answered HTTP " +
                               std::to_string(status) + " with " + what + "; the body starts with " +
                               http_io::body_excerpt(head_));
  }

  void release() {
    if (!conn_) return;
    // After "[DONE]" the rest of the body may still be in flight; such a
    // connection is closed rather than reused.
    if (parser_->is_done() && parser_->keep_alive() && conn_->buffer().size() == 0) {
      if (auto state = state_.lock()) state->pool.give_back(pool_key_, std::move(conn_));
    }
    conn_.reset();
  }

  std::unique_ptr<Connection> conn_;
  std::unique_ptr<bhttp::response_parser<bhttp::buffer_body>> parser_;
  http_io::EventFramer framer_;
  http_io::StreamEndCheck end_;
  StreamFormat format_;
  // Kept for error messages (URL, timeout); its headers are never printed.
  HttpRequest request_;
  std::string pool_key_;
  std::weak_ptr<ClientState> state_;
  std::uint64_t limit_;
  std::size_t events_ = 0;
  std::string head_;  // the first bytes of the body, quoted in errors
  std::array<char, stream_read_chunk> buffer_{};
};

class NetworkHttpClient final : public HttpClient {
 public:
  explicit NetworkHttpClient(NetworkClientOptions options) { state_->options = options; }

  HttpResponse send(const HttpRequest& request) override {
    const Url url = http_io::parse_url(request.url);
    const auto req = build_request(url, request, "application/json");
    auto [conn, parser] = start_exchange<bhttp::string_body>(url, request, req);
    while (!parser->is_done()) {
      conn->tcp().expires_after(request.timeout);
      const beast::error_code ec = conn->run([&](auto handler) {
        conn->with_stream([&](auto& stream) {
          bhttp::async_read_some(stream, conn->buffer(), *parser, std::move(handler));
        });
      });
      if (ec) io_failure(request, "reading the response", ec, limit(), status_of(*parser));
    }
    HttpResponse out;
    out.status = static_cast<int>(parser->get().result_int());
    out.headers = headers_of(*parser);
    out.body = std::move(parser->get().body());
    // An error body is printed and recorded: what looks like a key goes.
    if (!is_success(out.status)) out.body = http_io::scrub_key_tokens(out.body);
    if (parser->keep_alive() && conn->buffer().size() == 0)
      state_->pool.give_back(pool_key(url, request), std::move(conn));
    return out;
  }

  StreamResponse open_stream(const HttpRequest& request, StreamFormat format) override {
    const Url url = http_io::parse_url(request.url);
    // Before anything is sent: a stream end the format cannot carry.
    http_io::StreamEndCheck{request.stream_end, format};
    const auto req =
        build_request(url, request, format == StreamFormat::sse ? "text/event-stream" : "application/json");
    auto [conn, parser] = start_exchange<bhttp::buffer_body>(url, request, req);
    StreamResponse out;
    out.status = static_cast<int>(parser->get().result_int());
    out.headers = headers_of(*parser);
    if (is_success(out.status)) {
      out.events = std::make_unique<NetworkEventStream>(std::move(conn), std::move(parser), format, request,
                                                        pool_key(url, request), state_, limit());
      return out;
    }
    std::array<char, stream_read_chunk> piece{};
    while (!parser->is_done()) {
      const std::size_t n = read_body_piece(*conn, *parser, request, limit(), piece.data(), piece.size());
      out.error_body.append(piece.data(), n);
    }
    out.error_body = http_io::scrub_key_tokens(out.error_body);
    if (parser->keep_alive() && conn->buffer().size() == 0)
      state_->pool.give_back(pool_key(url, request), std::move(conn));
    return out;
  }

 private:
  template <class Body>
  struct Exchange {
    std::unique_ptr<Connection> conn;
    std::unique_ptr<bhttp::response_parser<Body>> parser;
  };

  // Sends the request and reads the response header, on a pooled connection
  // when one is idle. A pooled connection the server has meanwhile closed
  // fails before any response byte arrives; the request then goes out once
  // more on a new connection.
  template <class Body>
  Exchange<Body> start_exchange(const Url& url, const HttpRequest& request,
                                const bhttp::request<bhttp::string_body>& req) {
    const std::string key = pool_key(url, request);
    for (int attempt = 0;; ++attempt) {
      std::unique_ptr<Connection> conn = attempt == 0 ? state_->pool.take(key) : nullptr;
      const bool reused = conn != nullptr;
      if (!conn) conn = connect(url, request);
      auto parser = make_parser<Body>(request, limit());

      conn->tcp().expires_after(request.timeout);
      beast::error_code ec = conn->run([&](auto handler) {
        conn->with_stream([&](auto& stream) { bhttp::async_write(stream, req, std::move(handler)); });
      });
      if (ec) {
        if (reused && is_stale_connection(ec)) continue;
        io_failure(request, "sending the request", ec, limit(), 0);
      }

      conn->tcp().expires_after(request.timeout);
      ec = conn->run([&](auto handler) {
        conn->with_stream([&](auto& stream) {
          bhttp::async_read_header(stream, conn->buffer(), *parser, std::move(handler));
        });
      });
      if (ec) {
        if (reused && !parser->got_some() && is_stale_connection(ec)) continue;
        io_failure(request, "waiting for the response", ec, limit(), status_of(*parser));
      }
      // Beast reads any three digits; 0 would also read as "no status".
      if (const int status = status_of(*parser); status < 100 || status > 599)
        throw BadResponseError(request.url, status,
                               request.method + " " + http_io::printable_url(request.url) +
                                   " answered with HTTP status " + std::to_string(status) +
                                   ", which is not a status (100-599): not an HTTP server?");
      return {std::move(conn), std::move(parser)};
    }
  }

  std::unique_ptr<Connection> connect(const Url& url, const HttpRequest& request) {
    auto conn = std::make_unique<Connection>(url, url.is_tls() ? state_->tls() : nullptr);

    const std::vector<tcp::endpoint> endpoints = resolve(url, request);
    conn->tcp().expires_after(request.timeout);
    beast::error_code ec = conn->run(
        [&](auto handler) { conn->tcp().async_connect(endpoints, std::move(handler)); });
    if (ec == beast::error::timeout) throw timed_out(request, "connecting");
    if (ec) throw cannot_connect(request, ec.message());
    beast::error_code ignored;
    conn->tcp().socket().set_option(tcp::no_delay(true), ignored);

    if (auto* tls = conn->tls()) handshake(*tls, *conn, url, request);
    return conn;
  }

  static void handshake(TlsStream& tls, Connection& conn, const Url& url,
                        const HttpRequest& request) {
    beast::error_code ec;
    const bool host_is_address = (asio::ip::make_address(url.host, ec), !ec);
    // SNI carries names only (RFC 6066); servers behind shared front ends
    // pick the certificate by it.
    if (!host_is_address && !SSL_set_tlsext_host_name(tls.native_handle(), url.host.c_str()))
      throw cannot_connect(request, "cannot set TLS server name '" + url.host + "'");
    if (request.tls_verify) {
      tls.set_verify_mode(ssl::verify_peer);
      tls.set_verify_callback(ssl::host_name_verification(url.host));
    } else {
      tls.set_verify_mode(ssl::verify_none);
    }
    conn.tcp().expires_after(request.timeout);
    ec = conn.run([&](auto handler) { tls.async_handshake(ssl::stream_base::client, std::move(handler)); });
    if (ec == beast::error::timeout) throw timed_out(request, "in the TLS handshake");
    if (ec) {
      std::string reason = "TLS handshake failed: " + ec.message();
      const long verify = SSL_get_verify_result(tls.native_handle());
      if (request.tls_verify && verify != X509_V_OK)
        reason += std::string(" (") + X509_verify_cert_error_string(verify) + ")";
      throw cannot_connect(request, reason);
    }
  }

  std::uint64_t limit() const noexcept { return state_->options.max_response_bytes; }

  std::shared_ptr<ClientState> state_ = std::make_shared<ClientState>();
};

}  // namespace

NetworkClientOptions network_client_options(const std::optional<std::string>& max_response_bytes) {
  NetworkClientOptions options;
  if (!max_response_bytes) return options;
  const std::string& text = *max_response_bytes;
  std::uint64_t bytes = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  if (ec != std::errc{} || end != text.data() + text.size() || bytes == 0)
    throw ConfigError(std::string(kMaxResponseBytesVariable) + "='" + text +
                      "': expected a positive whole number of bytes (default " +
                      std::to_string(options.max_response_bytes) + ")");
  options.max_response_bytes = bytes;
  return options;
}

std::unique_ptr<HttpClient> make_network_http_client(NetworkClientOptions options) {
  return std::make_unique<NetworkHttpClient>(options);
}

}  // namespace llama_stack
