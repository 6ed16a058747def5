#include "providers/kits/openai_compat/profile.hpp"

#include <limits>
#include <string>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

std::vector<std::string> string_list(const ProviderConfig& config, std::string_view key) {
  std::vector<std::string> out;
  const json::value* v = config.values().if_contains(key);
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) config.fail(key, "expected a list of model ids");
  for (const auto& item : v->as_array()) {
    if (!item.is_string()) config.fail(key, "expected a list of model ids");
    out.emplace_back(item.as_string());
  }
  return out;
}

}  // namespace

OpenAICompatSettings settings_from(const ProviderContext& context,
                                   const OpenAICompatProfile& profile) {
  const ProviderConfig& config = context.config;
  const UrlRule& rule = profile.url;
  const std::string set_it = rule.env_var.empty()
                                 ? "the provider's '" + rule.config_key + "'"
                                 : rule.env_var + " or the provider's '" + rule.config_key + "'";
  std::string url = config.string_or(rule.config_key, rule.fallback);
  if (url.empty())
    config.fail(rule.config_key, "is required: the URL of the " + profile.display_name + " server" +
                                     (rule.env_var.empty() ? "" : " (set " + rule.env_var + ")"));
  if (url.find("://") == std::string::npos)
    config.fail(rule.config_key,
                "expected a URL with a scheme (http:// or https://)");  // never echoed: it may hold a password

  OpenAICompatSettings s;
  UpstreamSettings& u = s.upstream;
  u.provider_id = context.provider_id;
  u.base_url = join_api_path(url, rule.api_path);
  // A URL given with the API path already on it (OLLAMA_URL=http://h:11434/v1)
  // still has the server's own routes (/api/ps) beside it.
  u.root_url = u.base_url.substr(0, u.base_url.size() - rule.api_path.size());
  u.api_key = config.optional_string(profile.key.config_key);
  u.key = profile.key;
  u.connection_hint =
      "is " + profile.display_name + " reachable at " + u.base_url + "? set " + set_it;
  u.tls_verify = config.boolean_or("tls_verify", true);
  std::int64_t timeout = config.integer_or("timeout", 120);
  // The newer config format nests these: network: {tls: {verify: ...}, timeout: ...}.
  if (const json::value* network = config.values().if_contains("network");
      network != nullptr && network->is_object()) {
    const ProviderConfig nested(context.provider_id, network->as_object());
    for (const auto& [key, value] : network->as_object()) {
      if (key == "timeout") {
        timeout = nested.integer_or("timeout", timeout);
      } else if (key == "tls") {
        if (!value.is_object()) config.fail("network.tls", "expected a mapping");
        const ProviderConfig tls(context.provider_id, value.as_object());
        for (const auto& [tls_key, tls_value] : value.as_object()) {
          (void)tls_value;
          if (tls_key != "verify")
            config.fail("network.tls." + std::string(tls_key), "not supported (known: verify)");
        }
        u.tls_verify = tls.boolean_or("verify", u.tls_verify);
      } else {
        config.fail("network." + std::string(key), "not supported (known: tls, timeout)");
      }
    }
  }
  // Bounded so that converting to milliseconds cannot overflow.
  constexpr std::int64_t kMaxTimeoutSeconds = 24 * 3600;
  if (timeout <= 0 || timeout > kMaxTimeoutSeconds)
    config.fail("timeout", "expected a number of seconds from 1 to " +
                               std::to_string(kMaxTimeoutSeconds) + ", got " + std::to_string(timeout));
  u.timeout = std::chrono::seconds(timeout);
  // vLLM's Python config carries max_tokens; it is checked here and not sent
  // (the outbound body stays the caller's, as the Python stack's does).
  if (const std::int64_t max_tokens = config.integer_or("max_tokens", 1);
      max_tokens <= 0 || max_tokens > std::numeric_limits<std::int32_t>::max())
    config.fail("max_tokens", "expected a positive number of tokens below 2^31, got " +
                                  std::to_string(max_tokens));
  s.known_models = profile.known_models;
  s.allowed_models = string_list(config, "allowed_models");
  s.completions = profile.completions;
  s.embeddings = profile.embeddings;
  s.rejected_embedding_params = profile.rejected_embedding_params;
  return s;
}

std::unique_ptr<Provider> make_openai_compat(const ProviderContext& context,
                                             const OpenAICompatProfile& profile) {
  return std::make_unique<OpenAICompatInference>(settings_from(context, profile), context.http,
                                                 context.request);
}

}  // namespace llama_stack::providers
