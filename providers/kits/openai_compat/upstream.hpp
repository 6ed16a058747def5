#pragma once
// The HTTP plumbing every remote provider shares, OpenAI-compatible or not:
// URLs and the endpoints recordings are keyed on, the API key (configured, or
// sent per request in the caller's provider data), and upstream failures
// turned into typed errors that name the provider, the URL and what to set.
#include <llama_stack/plugin.hpp>

#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::providers {

// Where a provider's API key comes from and how it travels.
struct ApiKeyRule {
  // The declared config key; its value and its variable (named when the key
  // is missing) come from the provider's declaration (take_api_key). Empty:
  // the provider takes no key.
  std::string config_key = "api_key";
  // The provider-data field that overrides the configured key for one
  // request ("openai_api_key"); empty when the provider takes none.
  std::string provider_data_field{};
  // Local servers (Ollama, TGI, vLLM) take requests without a key.
  bool required = true;
  std::string header = "Authorization";
  std::string scheme = "Bearer ";  // put before the key in the header value
};

struct UpstreamSettings {
  std::string provider_id{};
  // The server's own URL, for routes outside the API base (Ollama's /api/ps,
  // TGI's /info, Databricks' /api/2.0/serving-endpoints).
  std::string root_url{};
  // The URL the API routes hang off ("http://localhost:11434/v1").
  std::string base_url{};
  // How recordings name the API base: the Python stack records
  // "/v1/chat/completions" whatever the base URL is.
  std::string route_prefix = "/v1";
  // Appended to every URL ("api-version=2024-10-21"); empty for none.
  std::string query{};
  std::optional<std::string> api_key{};  // from the config
  std::string api_key_env_var{};         // the key's declared variable, or ""
  ApiKeyRule key{};
  HttpHeaders headers{};  // sent with every request (e.g. anthropic-version)
  // Told to the user when the upstream cannot be reached.
  std::string connection_hint{};
  // A provider without a tls_verify key always verifies.
  bool tls_verify = true;
  // From the provider's declared timeout key; Upstream refuses none.
  std::chrono::milliseconds timeout{};
  // How this upstream's streams end; the HttpClient refuses one cut before.
  // OpenAI-style APIs (and Ollama's, TGI's, vLLM's /v1) send "data: [DONE]".
  StreamEnd stream_end = StreamEnd::done_event;
};

class Upstream {
 public:
  Upstream(UpstreamSettings settings, HttpClient& http);

  // A route under base_url ("/chat/completions"), recorded as route_prefix + route,
  // carrying the key for the request of `context`.
  HttpRequest api_request(const RequestContext& context, std::string method, std::string_view route,
                          boost::json::value body) const;
  // A path under root_url ("/api/ps"), recorded as that path.
  HttpRequest root_request(const RequestContext& context, std::string method, std::string_view path,
                           boost::json::value body) const;

  // The parsed JSON answer (object or array). A non-2xx status becomes an
  // UpstreamError, an unreachable server a ConnectionError with the hint.
  boost::json::value send(const HttpRequest& request);
  boost::json::object send_for_object(const HttpRequest& request);
  // The stack's own GET of a root path ("/info", "/api/tags": what a
  // provider lists its models with at start), answered as an object. It
  // serves no request, so it carries no provider data.
  boost::json::object startup_get(std::string_view path);
  // What a provider throws when such an answer lacks `what` ("a \"models\"
  // list"): a StackError naming the provider and the path.
  StackError startup_answer_error(std::string_view path, std::string_view what) const;
  // The event payloads of a streamed answer, with the same error mapping.
  std::unique_ptr<EventStream> open_stream(const HttpRequest& request,
                                           StreamFormat format = StreamFormat::sse);

  // The key for the request of `context`: the caller's provider data first
  // (it is the more specific choice), then the config. Throws
  // ProviderConfigError naming the key, its variable and the provider-data
  // field when a required key is missing; nullopt when an optional one is.
  std::optional<std::string> api_key(const RequestContext& context) const;

  const UpstreamSettings& settings() const noexcept { return settings_; }
  const std::string& provider_id() const noexcept { return settings_.provider_id; }

 private:
  HttpRequest make(const RequestContext& context, std::string method, std::string url,
                   std::string endpoint, boost::json::value body) const;
  [[noreturn]] void rethrow_connection(const ConnectionError& e) const;

  UpstreamSettings settings_;
  HttpClient& http_;
};

// Sets api_key and api_key_env_var from the provider's declared
// `settings.key.config_key`.
void take_api_key(UpstreamSettings& settings, const ProviderConfig& config);

// The message of an upstream error body ({"error": {"message": ...}},
// {"error": "..."}, {"detail": ...}, {"message": ...}) or the body itself,
// shortened.
std::string upstream_error_message(std::string_view body);

// One event of a streamed answer, which must be a JSON object; anything
// else is a StackError naming the provider and quoting the payload.
boost::json::object parse_stream_event(std::string_view provider_id, const std::string& payload);

// "https://host:port/path" -> "https://host:port"; unchanged without a path.
std::string url_origin(std::string_view url);

// `url` without trailing slashes, with `suffix` appended unless it already
// ends with it ("http://h:11434" + "/v1").
std::string join_api_path(std::string url, std::string_view suffix);

}  // namespace llama_stack::providers
