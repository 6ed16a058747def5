// CaptureUpstream: a capture-backed test double of Ollama/OpenAI-compatible
// upstreams, answering only from real recorded exchanges. Not a real model.
#include "testsuite/upstream/capture_upstream.hpp"

#include "testsuite/support/loopback_listener.hpp"

#include "testsuite/support/capture_file.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/chunk_encode.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace llama_stack::testing {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

// Requests with many documents to embed run to megabytes.
constexpr std::uint64_t max_request_body = 256ull * 1024 * 1024;

struct Capture {
  std::string file;
  std::string endpoint;
  std::string authority;            // host[:port] from request.url, as recorded
  std::string authority_with_port;  // the same with the scheme's port made explicit
  json::value request_body;
  json::value response_body;  // unwrapped; a list of chunks when streaming
  bool streaming = false;
};

double as_double(const json::value& v) {
  if (v.is_double()) return v.get_double();
  if (v.is_int64()) return static_cast<double>(v.get_int64());
  return static_cast<double>(v.get_uint64());
}

// Equality of JSON values as a client means them: 0 and 0.0 are the same
// temperature, and object key order carries no meaning.
bool json_equal(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    if (a.is_double() || b.is_double()) return as_double(a) == as_double(b);
    return a == b;  // Boost.JSON compares int64 with uint64 by value
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_object()) {
    const auto& x = a.get_object();
    const auto& y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [key, value] : x) {
      const auto* other = y.if_contains(key);
      if (!other || !json_equal(value, *other)) return false;
    }
    return true;
  }
  if (a.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), json_equal);
  }
  return a == b;
}

// How many leaves differ: lets a miss name the capture the request almost
// matched, which is usually the one whose recording is out of date.
std::size_t json_distance(const json::value& a, const json::value& b) {
  if (json_equal(a, b)) return 0;
  if (a.is_object() && b.is_object()) {
    std::size_t d = 0;
    for (const auto& [key, value] : a.get_object()) {
      const auto* other = b.get_object().if_contains(key);
      d += other ? json_distance(value, *other) : 1;
    }
    for (const auto& [key, value] : b.get_object()) d += a.get_object().contains(key) ? 0 : 1;
    return d;
  }
  if (a.is_array() && b.is_array()) {
    const auto& x = a.get_array();
    const auto& y = b.get_array();
    const std::size_t common = std::min(x.size(), y.size());
    std::size_t d = std::max(x.size(), y.size()) - common;
    for (std::size_t i = 0; i < common; ++i) d += json_distance(x[i], y[i]);
    return d;
  }
  return 1;
}

// "http://0.0.0.0:11434/v1/v1/x" -> "0.0.0.0:11434". Recordings of hosted
// providers without a scheme (Databricks) yield their first path segment.
std::string authority_of(std::string_view url) {
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  return std::string(url.substr(0, url.find('/')));
}

std::string scheme_of(std::string_view url) {
  const auto scheme = url.find("://");
  return scheme == std::string_view::npos ? std::string() : std::string(url.substr(0, scheme));
}

bool is_model_list(std::string_view path) {
  return path == "/v1/models" || path == "/api/tags" || path == "/api/ps";
}

bool is_ollama_native_stream(std::string_view path) { return path == "/api/generate" || path == "/api/chat"; }

[[noreturn]] void bad_capture(const std::filesystem::path& file, const std::string& problem) {
  throw std::runtime_error("capture-upstream: " + file.string() + ": " + problem);
}

std::optional<Capture> load_capture(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) bad_capture(file, "cannot open");
  std::stringstream text;
  text << in.rdbuf();
  boost::system::error_code ec;
  const json::value doc = json::parse(text.str(), ec);
  if (ec) bad_capture(file, "not valid JSON: " + ec.message());

  const auto* root = doc.if_object();
  const auto* request = root ? root->if_contains("request") : nullptr;
  const auto* response = root ? root->if_contains("response") : nullptr;
  if (!request || !request->is_object() || !response || !response->is_object())
    bad_capture(file, "not a capture (expected objects 'request' and 'response')");
  const auto& req = request->get_object();
  const auto& res = response->get_object();
  // Tool-runtime captures record a function call, not an HTTP exchange.
  const auto* url = req.if_contains("url");
  if (!url) return std::nullopt;
  const auto* endpoint = req.if_contains("endpoint");
  if (!url->is_string() || !endpoint || !endpoint->is_string())
    bad_capture(file, "request.url and request.endpoint must be strings");

  Capture c;
  c.file = file.string();
  c.endpoint = std::string(endpoint->get_string());
  const std::string_view url_text = url->get_string();
  c.authority = authority_of(url_text);
  // Hosted providers are recorded without an explicit port; make the
  // implied one explicit so a filter can name either form.
  c.authority_with_port = c.authority;
  if (c.authority.find(':') == std::string::npos && !scheme_of(url_text).empty())
    c.authority_with_port += scheme_of(url_text) == "https" ? ":443" : ":80";
  if (const auto* body = req.if_contains("body"))
    c.request_body = body->is_object() ? json::value(wire_body(body->get_object())) : *body;
  if (const auto* body = res.if_contains("body")) c.response_body = unwrap_python_types(*body);
  if (const auto* streaming = res.if_contains("is_streaming"); streaming && streaming->is_bool())
    c.streaming = streaming->get_bool();
  if (c.streaming && !c.response_body.is_array())
    bad_capture(file, "a streaming response body must be a list of chunks");
  return c;
}

// What one request is answered with, independent of Beast.
struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;                  // when not streaming
  std::vector<std::string> chunks;   // each written and flushed on its own
  bool streaming = false;
};

Reply json_reply(unsigned status, const json::value& body) {
  Reply r;
  r.status = status;
  r.body = json::serialize(body);
  return r;
}

Reply error_reply(unsigned status, const std::string& message, const std::string& closest = {}) {
  json::object error{{"message", message}};
  if (!closest.empty()) error["closest"] = closest;
  return json_reply(status, json::object{{"error", std::move(error)}});
}

Reply replay(const Capture& c) {
  if (!c.streaming) return json_reply(200, c.response_body);
  Reply r;
  r.streaming = true;
  const bool ndjson = is_ollama_native_stream(c.endpoint);
  r.content_type = ndjson ? "application/x-ndjson" : "text/event-stream";
  for (const auto& chunk : c.response_body.get_array()) {
    r.chunks.push_back(ndjson ? json::serialize(chunk) + "\n" : "data: " + json::serialize(chunk) + "\n\n");
  }
  if (!ndjson) r.chunks.emplace_back("data: [DONE]\n\n");
  return r;
}

// Entries of one recorded model list, whichever shape it was recorded in.
const json::array* model_entries(std::string_view path, const json::value& body) {
  if (path == "/v1/models") {
    if (body.is_array()) return &body.get_array();
    if (const auto* obj = body.if_object())
      if (const auto* data = obj->if_contains("data")) return data->if_array();
    return nullptr;
  }
  if (const auto* obj = body.if_object())
    if (const auto* models = obj->if_contains("models")) return models->if_array();
  return nullptr;
}

std::string model_key(std::string_view path, const json::value& entry) {
  const auto* obj = entry.if_object();
  if (!obj) return json::serialize(entry);
  for (const char* field : path == "/v1/models" ? std::vector<const char*>{"id"}
                                                : std::vector<const char*>{"name", "model"}) {
    if (const auto* v = obj->if_contains(field); v && v->is_string()) return std::string(v->get_string());
  }
  return json::serialize(entry);
}

}  // namespace

struct CaptureUpstream::Impl {
  std::vector<Capture> captures;
  std::map<std::string, std::vector<std::size_t>, std::less<>> by_endpoint;

  mutable std::mutex mutex;
  std::vector<std::string> host_filter;
  std::optional<std::pair<int, std::string>> pending_failure;
  std::vector<std::string> unmatched;
  std::atomic<std::size_t> served{0};

  // Recreated by each start(); reset by stop(), which closes every connection.
  std::optional<LoopbackListener> listener;

  bool host_allowed(const Capture& c, const std::vector<std::string>& filter) const {
    if (filter.empty()) return true;
    return std::any_of(filter.begin(), filter.end(), [&c](const std::string& allowed) {
      return allowed == c.authority || allowed == c.authority_with_port;
    });
  }

  Reply answer(std::string_view method, std::string_view target, const std::string& raw_body) {
    std::vector<std::string> filter;
    {
      std::lock_guard lock(mutex);
      if (pending_failure) {
        Reply r;
        r.status = static_cast<unsigned>(pending_failure->first);
        r.body = std::move(pending_failure->second);
        pending_failure.reset();
        return r;
      }
      filter = host_filter;
    }

    const std::string_view path = target.substr(0, target.find('?'));
    const std::string request_line = std::string(method) + " " + std::string(path);
    const auto candidates_it = by_endpoint.find(path);
    std::vector<const Capture*> candidates;
    if (candidates_it != by_endpoint.end())
      for (std::size_t i : candidates_it->second)
        if (host_allowed(captures[i], filter)) candidates.push_back(&captures[i]);

    if (is_model_list(path) && !candidates.empty()) return model_list(path, candidates);

    json::value body;
    if (!raw_body.empty()) {
      boost::system::error_code ec;
      body = json::parse(raw_body, ec);
      if (ec) return error_reply(400, "capture-upstream: request body of " + request_line + " is not JSON: " + ec.message());
    }

    const Capture* closest = nullptr;
    std::size_t best = 0;
    for (const Capture* c : candidates) {
      const std::size_t d = json_distance(body, c->request_body);
      if (d == 0) return replay(*c);
      if (!closest || d < best) {
        closest = c;
        best = d;
      }
    }
    {
      std::lock_guard lock(mutex);
      unmatched.push_back(std::string(method) + " " + std::string(target) + " " + raw_body);
    }
    // 501, a server error: record modes never store it as if it were the
    // provider's verdict on the request.
    return error_reply(501, "capture-upstream: no capture matches " + request_line, closest ? closest->file : "");
  }

  // Clients list models with GET while the recorder wrote POST, and each
  // capture holds whatever was pulled at the time: answer with all of them.
  static Reply model_list(std::string_view path, const std::vector<const Capture*>& candidates) {
    json::array entries;
    std::set<std::string> seen;
    for (const Capture* c : candidates) {
      const json::array* list = model_entries(path, c->response_body);
      if (!list) continue;
      for (const auto& entry : *list)
        if (seen.insert(model_key(path, entry)).second) entries.push_back(entry);
    }
    if (path == "/v1/models") return json_reply(200, json::object{{"object", "list"}, {"data", std::move(entries)}});
    return json_reply(200, json::object{{"models", std::move(entries)}});
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    auto on_error = asio::redirect_error(asio::use_awaitable, ec);
    for (;;) {
      bhttp::request_parser<bhttp::string_body> parser;
      parser.body_limit(max_request_body);
      co_await bhttp::async_read_header(stream, buffer, parser, on_error);
      if (ec) break;  // end_of_stream: the client closed a kept-alive connection
      // curl holds back large bodies until told to go on.
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, go_on, on_error);
        if (ec) break;
      }
      co_await bhttp::async_read(stream, buffer, parser, on_error);
      if (ec) break;

      const auto& req = parser.get();
      const bool keep_alive = req.keep_alive();
      Reply reply;
      try {
        reply = answer(req.method_string(), req.target(), req.body());
      } catch (const std::exception& e) {
        reply = error_reply(500, std::string("capture-upstream: ") + e.what());
      }
      ++served;

      if (!reply.streaming) {
        bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(reply.status), req.version()};
        res.set(bhttp::field::content_type, reply.content_type);
        res.set(bhttp::field::server, "capture-upstream");
        res.keep_alive(keep_alive);
        res.body() = std::move(reply.body);
        res.prepare_payload();
        co_await bhttp::async_write(stream, res, on_error);
      } else {
        bhttp::response<bhttp::empty_body> res{static_cast<bhttp::status>(reply.status), req.version()};
        res.set(bhttp::field::content_type, reply.content_type);
        res.set(bhttp::field::server, "capture-upstream");
        res.set(bhttp::field::cache_control, "no-cache");
        res.keep_alive(keep_alive);
        res.chunked(true);
        bhttp::response_serializer<bhttp::empty_body> header{res};
        co_await bhttp::async_write_header(stream, header, on_error);
        // One HTTP chunk per recorded chunk, each written before the next is
        // produced, so clients see the stream arrive piece by piece.
        for (const auto& chunk : reply.chunks) {
          if (ec) break;
          co_await asio::async_write(stream, bhttp::make_chunk(asio::buffer(chunk)), on_error);
        }
        if (!ec) co_await asio::async_write(stream, bhttp::make_chunk_last(), on_error);
      }
      if (ec || !keep_alive) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

CaptureUpstream::CaptureUpstream(std::vector<std::filesystem::path> capture_dirs) : impl_(std::make_unique<Impl>()) {
  std::vector<std::filesystem::path> files;
  for (const auto& dir : capture_dirs) {
    if (!std::filesystem::is_directory(dir))
      throw std::runtime_error("capture-upstream: capture directory " + dir.string() + " does not exist");
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
      if (entry.is_regular_file() && entry.path().extension() == ".json") files.push_back(entry.path());
  }
  // Sorted so that duplicates resolve, and model lists merge, the same way
  // on every machine.
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    auto capture = load_capture(file);
    if (!capture) continue;
    impl_->by_endpoint[capture->endpoint].push_back(impl_->captures.size());
    impl_->captures.push_back(std::move(*capture));
  }
}

CaptureUpstream::~CaptureUpstream() { stop(); }

void CaptureUpstream::only_hosts(std::vector<std::string> host_ports) {
  std::lock_guard lock(impl_->mutex);
  impl_->host_filter = std::move(host_ports);
}

void CaptureUpstream::fail_next(int status, std::string body) {
  if (status < 100 || status > 999) throw std::invalid_argument("capture-upstream: fail_next status out of range");
  std::lock_guard lock(impl_->mutex);
  impl_->pending_failure.emplace(status, std::move(body));
}

void CaptureUpstream::start(std::uint16_t port) {
  if (impl_->listener) throw std::logic_error("capture-upstream: already started");
  impl_->listener.emplace("capture-upstream", port, true,
                          [impl = impl_.get()](tcp::socket socket) { return impl->serve(std::move(socket)); });
}

void CaptureUpstream::stop() { impl_->listener.reset(); }

std::uint16_t CaptureUpstream::port() const { return impl_->listener ? impl_->listener->port() : 0; }

std::string CaptureUpstream::url() const { return "http://127.0.0.1:" + std::to_string(port()); }

std::size_t CaptureUpstream::requests_served() const { return impl_->served; }

std::vector<std::string> CaptureUpstream::unmatched_requests() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->unmatched;
}

std::size_t CaptureUpstream::capture_count() const { return impl_->captures.size(); }

}  // namespace llama_stack::testing
