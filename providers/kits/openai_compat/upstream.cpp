#include "providers/kits/openai_compat/upstream.hpp"

#include <boost/json/monotonic_resource.hpp>
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

json::object parse_stream_event(std::string_view provider_id, const std::string& payload) {
  boost::system::error_code ec;
  // An event is parsed, read and dropped within a request, tens of them per
  // stream: its nodes come from one buffer of its own (freed with the last
  // value that uses it) rather than one heap allocation each. The parsed
  // tree takes a few times the text; the buffer grows past that if needed.
  json::value v = json::parse(
      payload, ec, json::make_shared_resource<json::monotonic_resource>(4 * payload.size() + 256));
  if (ec || !v.is_object())
    throw StackError("provider '" + std::string(provider_id) +
                     "': malformed stream event: " + payload.substr(0, 200));
  return std::move(v.as_object());
}

std::string url_origin(std::string_view url) {
  const auto scheme = url.find("://");
  const auto path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  return std::string(url.substr(0, path));
}

std::string join_api_path(std::string url, std::string_view suffix) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!suffix.empty() && !url.ends_with(suffix)) url += suffix;
  return url;
}

Upstream::Upstream(UpstreamSettings settings, HttpClient& http)
    : settings_(std::move(settings)), http_(http) {
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/')
    settings_.base_url.pop_back();
  while (!settings_.root_url.empty() && settings_.root_url.back() == '/')
    settings_.root_url.pop_back();
  // A request without a deadline would hang a test run on a silent server.
  if (settings_.timeout.count() <= 0)
    throw StackError("provider '" + settings_.provider_id + "': no timeout configured (a provider bug)");
}

void take_api_key(UpstreamSettings& settings, const ProviderConfig& config) {
  if (settings.key.config_key.empty()) return;
  settings.api_key = config.optional_string(settings.key.config_key);
  settings.api_key_env_var = config.env_var(settings.key.config_key);
}

std::optional<std::string> Upstream::api_key(const RequestContext& context) const {
  const ApiKeyRule& rule = settings_.key;
  if (!rule.provider_data_field.empty()) {
    if (const json::value* v = context.provider_data().if_contains(rule.provider_data_field);
        v != nullptr && v->is_string() && !v->as_string().empty())
      return std::string(v->as_string());
  }
  if (settings_.api_key) return settings_.api_key;
  if (!rule.required) return std::nullopt;
  std::string how = "is not set";
  const std::string& variable = settings_.api_key_env_var;
  if (!variable.empty()) how += ": set " + variable;
  if (!rule.provider_data_field.empty())
    how += std::string(variable.empty() ? ": pass" : ", or pass") + " \"" +
           rule.provider_data_field + "\" in the request's provider data";
  throw ProviderConfigError(settings_.provider_id, rule.config_key, how);
}

HttpRequest Upstream::make(const RequestContext& context, std::string method, std::string url,
                           std::string endpoint, json::value body) const {
  HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  if (!settings_.query.empty())
    request.url += (request.url.find('?') == std::string::npos ? "?" : "&") + settings_.query;
  request.endpoint = std::move(endpoint);
  request.headers = settings_.headers;
  if (auto key = api_key(context))
    request.headers.emplace_back(settings_.key.header, settings_.key.scheme + *key);
  request.body = std::move(body);
  request.timeout = settings_.timeout;
  request.tls_verify = settings_.tls_verify;
  request.stream_end = settings_.stream_end;
  return request;
}

HttpRequest Upstream::api_request(const RequestContext& context, std::string method,
                                  std::string_view route, json::value body) const {
  return make(context, std::move(method), settings_.base_url + std::string(route),
              settings_.route_prefix + std::string(route), std::move(body));
}

HttpRequest Upstream::root_request(const RequestContext& context, std::string method,
                                   std::string_view path, json::value body) const {
  return make(context, std::move(method), settings_.root_url + std::string(path), std::string(path),
              std::move(body));
}

json::object Upstream::startup_get(std::string_view path) {
  return send_for_object(root_request(RequestContext{}, "GET", path, nullptr));
}

StackError Upstream::startup_answer_error(std::string_view path, std::string_view what) const {
  return StackError("provider '" + settings_.provider_id + "': GET " + std::string(path) +
                    " answered without " + std::string(what));
}

void Upstream::rethrow_connection(const ConnectionError& e) const {
  throw ConnectionError(
      e.url(), "provider '" + settings_.provider_id + "': " + e.what() +
                   (settings_.connection_hint.empty() ? std::string()
                                                      : " (" + settings_.connection_hint + ")"));
}

json::value Upstream::send(const HttpRequest& request) {
  HttpResponse response;
  try {
    response = http_.send(request);
  } catch (const ConnectionError& e) {
    rethrow_connection(e);
  }
  if (response.status < 200 || response.status >= 300)
    throw UpstreamError(settings_.provider_id, response.status,
                        upstream_error_message(response.body));
  boost::system::error_code ec;
  json::value v = json::parse(response.body, ec);
  if (ec || !(v.is_object() || v.is_array()))
    throw StackError("provider '" + settings_.provider_id + "': " + request.method + " " +
                     request.url +
                     " answered with something that is not JSON: " + response.body.substr(0, 200));
  return v;
}

json::object Upstream::send_for_object(const HttpRequest& request) {
  json::value v = send(request);
  if (!v.is_object())
    throw StackError("provider '" + settings_.provider_id + "': " + request.method + " " +
                     request.url + " answered with a JSON list where an object was expected");
  return std::move(v.as_object());
}

std::unique_ptr<EventStream> Upstream::open_stream(const HttpRequest& request,
                                                   StreamFormat format) {
  StreamResponse response;
  try {
    response = http_.open_stream(request, format);
  } catch (const ConnectionError& e) {
    rethrow_connection(e);
  }
  if (response.status < 200 || response.status >= 300 || !response.events)
    throw UpstreamError(settings_.provider_id, response.status,
                        upstream_error_message(response.error_body));
  return std::move(response.events);
}

}  // namespace llama_stack::providers
