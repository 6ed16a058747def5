#pragma once
// Inference over an OpenAI-compatible HTTP API (/chat/completions,
// /completions, /embeddings, /models). Shared by every provider whose upstream
// speaks that dialect; each provider only supplies settings and model rules.
#include <llama_stack/plugin.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace llama_stack::providers {

struct OpenAICompatSettings {
  std::string provider_id;
  // The URL the OpenAI routes hang off, e.g. "http://localhost:11434/v1".
  std::string base_url;
  // The logical prefix of the routes in recordings: the Python stack records
  // "/v1/chat/completions" whatever the base URL.
  std::string route_prefix = "/v1";
  std::optional<std::string> api_key;
  // Told to the user when the upstream cannot be reached ("set OLLAMA_URL").
  std::string connection_hint;
  bool tls_verify = true;
  std::chrono::milliseconds timeout{std::chrono::seconds(120)};
};

class OpenAICompatInference : public InferenceProvider {
 public:
  OpenAICompatInference(OpenAICompatSettings settings, HttpClient& http);

  boost::json::object chat_completion(const boost::json::object& params) override;
  std::unique_ptr<JsonStream> chat_completion_stream(const boost::json::object& params) override;
  boost::json::object completion(const boost::json::object& params) override;
  std::unique_ptr<JsonStream> completion_stream(const boost::json::object& params) override;
  boost::json::object embeddings(const boost::json::object& params) override;
  std::vector<ProviderModel> list_models() override;

  const OpenAICompatSettings& settings() const noexcept { return settings_; }

 protected:
  // Authentication headers; Bearer api_key by default.
  virtual HttpHeaders auth_headers() const;
  // Turns one entry of GET /models into a model of the routing table.
  virtual ProviderModel describe_model(const boost::json::object& entry) const;

  HttpRequest make_request(std::string method, std::string_view route,
                           boost::json::value body) const;
  // Sends and returns the JSON object answer; upstream errors become UpstreamError.
  boost::json::object call(std::string method, std::string_view route, boost::json::value body);
  std::unique_ptr<JsonStream> call_stream(std::string_view route, boost::json::value body);

 private:
  OpenAICompatSettings settings_;
  HttpClient& http_;
};

// The message of an upstream error body ({"error": {"message": ...}},
// {"error": "..."}, {"detail": ...}) or the body itself, shortened.
std::string upstream_error_message(std::string_view body);

}  // namespace llama_stack::providers
