#include "providers/openai_compat/openai_compat_inference.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace llama_stack::providers {

namespace json = boost::json;

std::string upstream_error_message(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (!ec && v.is_object()) {
    const auto& o = v.as_object();
    for (const char* key : {"error", "detail", "message"}) {
      const json::value* e = o.if_contains(key);
      if (e == nullptr) continue;
      if (e->is_string()) return std::string(e->as_string());
      if (e->is_object()) {
        if (const json::value* m = e->as_object().if_contains("message"); m && m->is_string())
          return std::string(m->as_string());
      }
      return json::serialize(*e);
    }
  }
  constexpr std::size_t kMax = 500;
  std::string text(body.substr(0, kMax));
  if (body.size() > kMax) text += "...";
  return text.empty() ? std::string("(empty body)") : text;
}

namespace {

// Parses each event of an OpenAI-style SSE stream into a chunk object.
class ChunkStream final : public JsonStream {
 public:
  ChunkStream(std::string provider_id, std::unique_ptr<EventStream> events)
      : provider_id_(std::move(provider_id)), events_(std::move(events)) {}

  std::optional<json::object> next() override {
    auto payload = events_->next();
    if (!payload) return std::nullopt;
    boost::system::error_code ec;
    json::value v = json::parse(*payload, ec);
    if (ec || !v.is_object())
      throw StackError("provider '" + provider_id_ + "': malformed stream chunk: " +
                       payload->substr(0, 200));
    auto& o = v.as_object();
    // Some upstreams report failures mid-stream as an event of their own.
    if (o.contains("error") && !o.contains("choices"))
      throw UpstreamError(provider_id_, 500, upstream_error_message(*payload));
    return std::move(o);
  }

 private:
  std::string provider_id_;
  std::unique_ptr<EventStream> events_;
};

}  // namespace

OpenAICompatInference::OpenAICompatInference(OpenAICompatSettings settings, HttpClient& http)
    : settings_(std::move(settings)), http_(http) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/')
    settings_.base_url.pop_back();
}

HttpHeaders OpenAICompatInference::auth_headers() const {
  if (!settings_.api_key) return {};
  return {{"Authorization", "Bearer " + *settings_.api_key}};
}

ProviderModel OpenAICompatInference::describe_model(const json::object& entry) const {
  const json::value* id = entry.if_contains("id");
  return {id && id->is_string() ? std::string(id->as_string()) : std::string(), "llm", {}};
}

HttpRequest OpenAICompatInference::make_request(std::string method, std::string_view route,
                                                json::value body) const {
  HttpRequest request;
  request.method = std::move(method);
  request.url = settings_.base_url + std::string(route);
  request.endpoint = settings_.route_prefix + std::string(route);
  request.headers = auth_headers();
  request.body = std::move(body);
  request.timeout = settings_.timeout;
  request.tls_verify = settings_.tls_verify;
  return request;
}

json::object OpenAICompatInference::call(std::string method, std::string_view route,
                                         json::value body) {
  const HttpRequest request = make_request(std::move(method), route, std::move(body));
  HttpResponse response;
  try {
    response = http_.send(request);
  } catch (const ConnectionError& e) {
    throw ConnectionError(e.url(), "provider '" + settings_.provider_id + "': " + e.what() +
                                       (settings_.connection_hint.empty()
                                            ? std::string()
                                            : " (" + settings_.connection_hint + ")"));
  }
  if (response.status < 200 || response.status >= 300)
    throw UpstreamError(settings_.provider_id, response.status,
                        upstream_error_message(response.body));
  boost::system::error_code ec;
  json::value v = json::parse(response.body, ec);
  if (ec || !v.is_object())
    throw StackError("provider '" + settings_.provider_id + "': " + request.endpoint +
                     " answered with something that is not a JSON object: " +
                     response.body.substr(0, 200));
  return std::move(v.as_object());
}

std::unique_ptr<JsonStream> OpenAICompatInference::call_stream(std::string_view route,
                                                               json::value body) {
  const HttpRequest request = make_request("POST", route, std::move(body));
  StreamResponse response;
  try {
    response = http_.open_stream(request, StreamFormat::sse);
  } catch (const ConnectionError& e) {
    throw ConnectionError(e.url(), "provider '" + settings_.provider_id + "': " + e.what() +
                                       (settings_.connection_hint.empty()
                                            ? std::string()
                                            : " (" + settings_.connection_hint + ")"));
  }
  if (response.status < 200 || response.status >= 300 || !response.events)
    throw UpstreamError(settings_.provider_id, response.status,
                        upstream_error_message(response.error_body));
  return std::make_unique<ChunkStream>(settings_.provider_id, std::move(response.events));
}

json::object OpenAICompatInference::chat_completion(const json::object& params) {
  return call("POST", "/chat/completions", params);
}

std::unique_ptr<JsonStream> OpenAICompatInference::chat_completion_stream(
    const json::object& params) {
  return call_stream("/chat/completions", params);
}

json::object OpenAICompatInference::completion(const json::object& params) {
  return call("POST", "/completions", params);
}

std::unique_ptr<JsonStream> OpenAICompatInference::completion_stream(const json::object& params) {
  return call_stream("/completions", params);
}

json::object OpenAICompatInference::embeddings(const json::object& params) {
  return call("POST", "/embeddings", params);
}

std::vector<ProviderModel> OpenAICompatInference::list_models() {
  json::object listing = call("GET", "/models", nullptr);
  std::vector<ProviderModel> out;
  const json::value* data = listing.if_contains("data");
  if (data == nullptr || !data->is_array())
    throw StackError("provider '" + settings_.provider_id +
                     "': GET /models answered without a \"data\" list");
  for (const auto& entry : data->as_array()) {
    if (!entry.is_object()) continue;
    ProviderModel m = describe_model(entry.as_object());
    if (!m.provider_model_id.empty()) out.push_back(std::move(m));
  }
  return out;
}

}  // namespace llama_stack::providers
