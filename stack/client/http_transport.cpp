#include "stack/client/http_transport.hpp"

#include "stack/client/remote_error.hpp"
#include "stack/http/url.hpp"
#include "stack/routing/request_encoding.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <random>
#include <charconv>
#include <cstdio>

namespace llama_stack {

namespace {

constexpr const char* kProviderDataHeader = "X-LlamaStack-Provider-Data";

// A path parameter as it goes in a URL: model ids keep their slashes (the
// route's last segment takes the rest of the path), anything else not plain
// is percent-encoded (the server decodes it).
std::string encode_segment(std::string_view value) { return percent_encode(value, "/:@"); }

std::string fill_route(std::string_view route, const RouteRequest& request) {
  std::string path(route);
  for (const auto& [name, value] : request.path_params) {
    const std::string slot = "{" + name + "}";
    if (auto at = path.find(slot); at != std::string::npos)
      path.replace(at, slot.size(), encode_segment(value));
  }
  return path;
}

std::string content_type(const HttpResponse& answer) {
  return std::string(header_value(answer.headers, "Content-Type").value_or(""));
}

bool wants_stream(const boost::json::object& body) {
  const auto* s = body.if_contains("stream");
  return s != nullptr && s->is_bool() && s->as_bool();
}

boost::json::object parse_object(std::string_view text, const std::string& url, int status) {
  boost::system::error_code ec;
  auto value = boost::json::parse(text, ec);
  if (ec || !value.is_object())
    throw BadResponseError(
        url, status,
        url + ": the server's answer is not a JSON object: " + std::string(text.substr(0, 200)));
  return std::move(value.as_object());
}

// Server-sent events as the chunks they carry; an error event is thrown as
// the stack's error, as the in-process stream would have thrown it.
class EventJsonStream final : public JsonStream {
 public:
  EventJsonStream(std::unique_ptr<EventStream> events, std::string url)
      : events_(std::move(events)), url_(std::move(url)) {}
  std::optional<boost::json::object> next() override {
    if (!events_) return std::nullopt;
    auto payload = events_->next();
    if (!payload) {
      events_.reset();
      return std::nullopt;
    }
    auto chunk = parse_object(*payload, url_, 200);
    if (chunk.contains("error")) {
      events_.reset();
      throw_remote_error_event(chunk, url_);
    }
    return chunk;
  }

 private:
  std::unique_ptr<EventStream> events_;
  std::string url_;
};

// Unique across processes and runs: the server may outlive many runners.
std::string test_start_token() {
  static std::atomic<std::uint64_t> count{0};
  static const std::uint64_t process = [] {
    std::random_device device;
    return (std::uint64_t{device()} << 32) ^ device();
  }();
  char out[40];
  std::snprintf(out, sizeof out, "%016llx-%llu", static_cast<unsigned long long>(process),
                static_cast<unsigned long long>(++count));
  return out;
}

class HttpTransport final : public ClientTransport {
 public:
  HttpTransport(std::string base_url, std::shared_ptr<HttpClient> http,
                std::chrono::milliseconds timeout)
      : base_url_(std::move(base_url)), http_(std::move(http)), timeout_(timeout) {}

  RouteResponse call(std::string_view method, std::string_view route, RouteRequest request,
                     const boost::json::object& provider_data) override {
    HttpRequest out;
    out.method = std::string(method);
    out.endpoint = fill_route(route, request);
    out.url = base_url_ + out.endpoint + encode_query(request.query);
    out.timeout = timeout_;
    out.headers.emplace_back("Accept", "application/json");
    boost::json::object header = provider_data;
    if (test_id_) {
      header["__test_id"] = *test_id_;
      header["__test_start"] = test_start_;
    }
    if (!header.empty())
      out.headers.emplace_back(kProviderDataHeader, boost::json::serialize(header));
    if (!request.form.empty()) {
      auto [content_type, body] = encode_multipart(request.form);
      out.headers.emplace_back("Content-Type", std::move(content_type));
      out.raw_body = std::move(body);
    } else if (method == "POST") {
      out.body = request.body;
    }
    if (wants_stream(request.body)) {
      out.stream_end = StreamEnd::done_event;
      auto answer = http_->open_stream(out, StreamFormat::sse);
      if (answer.status < 200 || answer.status >= 300)
        throw_remote_error(answer.status, answer.error_body, out.url);
      return {nullptr, std::make_unique<EventJsonStream>(std::move(answer.events), out.url)};
    }
    const HttpResponse answer = http_->send(out);
    if (answer.status < 200 || answer.status >= 300)
      throw_remote_error(answer.status, answer.body, out.url);
    if (auto type = content_type(answer); !type.starts_with("application/json") && !type.empty())
      return RouteResponse::bytes(type, answer.body);
    return {parse_object(answer.body, out.url, answer.status), nullptr};
  }
  Stack* stack() noexcept override { return nullptr; }
  RouteServices* route_services() noexcept override { return nullptr; }
  // Each test start gets a token of its own, so that a server restarts the
  // test's deterministic ids (RecordingSession::ThreadTestId).
  void set_test_id(std::optional<std::string> id) override {
    test_id_ = std::move(id);
    test_start_ = test_start_token();
  }

 private:
  std::string base_url_;
  std::shared_ptr<HttpClient> http_;
  std::chrono::milliseconds timeout_;
  std::optional<std::string> test_id_;
  std::string test_start_;
};

}  // namespace

std::unique_ptr<ClientTransport> http_transport(std::string base_url,
                                                std::shared_ptr<HttpClient> http,
                                                std::chrono::milliseconds timeout) {
  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  if (base_url.ends_with("/v1")) base_url.resize(base_url.size() - 3);
  http_io::parse_url(base_url);  // throws ConnectionError naming a bad one
  return std::make_unique<HttpTransport>(std::move(base_url), std::move(http), timeout);
}

std::chrono::milliseconds client_timeout(const std::optional<std::string>& value) {
  if (!value) return std::chrono::seconds(120);
  double seconds = 0;
  const auto* end = value->data() + value->size();
  const auto [ptr, ec] = std::from_chars(value->data(), end, seconds);
  if (ec != std::errc() || ptr != end || !(seconds > 0))
    throw ConfigError(std::string(kClientTimeoutVariable) + "='" + *value +
                      "': expected a positive number of seconds");
  return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

}  // namespace llama_stack
