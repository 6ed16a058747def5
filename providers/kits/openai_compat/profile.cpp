#include "providers/kits/openai_compat/profile.hpp"

#include <limits>
#include <string>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

// The newer config format nests the transport settings:
// network: {tls: {verify: ...}, timeout: ...}; each wins over the flat key.
constexpr ConfigKey kNetworkKeys[] = {
    {.name = "timeout", .type = ConfigType::duration},
    {.name = "tls", .type = ConfigType::mapping},
};
constexpr ConfigKey kNetworkTlsKeys[] = {
    {.name = "verify", .type = ConfigType::boolean},
};

// `block` (named `where` in errors) with no key other than `keys` declares.
ProviderConfig nested(const ProviderConfig& config, const std::string& where,
                      const json::object& block, ConfigSchema keys) {
  ProviderConfig out(config.provider_id(), block, keys);
  std::string known;
  for (const ConfigKey& k : keys) known += (known.empty() ? "" : ", ") + std::string(k.name);
  for (const auto& [key, value] : block) {
    (void)value;
    if (!out.declares(key))
      config.fail(where + "." + std::string(key), "not supported (known: " + known + ")");
  }
  return out;
}

}  // namespace

OpenAICompatSettings settings_from(const ProviderContext& context,
                                   const OpenAICompatProfile& profile) {
  const ProviderConfig& config = context.config;
  const UrlRule& rule = profile.url;
  const std::string variable = config.env_var(rule.config_key);
  const std::string set_it = variable.empty()
                                 ? "the provider's '" + rule.config_key + "'"
                                 : variable + " or the provider's '" + rule.config_key + "'";
  const std::string url = config.string(rule.config_key);
  if (url.empty())
    config.fail(rule.config_key, "is required: the URL of the " + profile.display_name + " server" +
                                     (variable.empty() ? "" : " (set " + variable + ")"));
  if (!config_value::has_url_scheme(url))
    config.fail(rule.config_key,
                "expected a URL with a scheme (http:// or https://)");  // never echoed: it may hold a password

  OpenAICompatSettings s;
  UpstreamSettings& u = s.upstream;
  u.provider_id = context.provider_id;
  u.base_url = join_api_path(url, rule.api_path);
  // A URL given with the API path already on it (OLLAMA_URL=http://h:11434/v1)
  // still has the server's own routes (/api/ps) beside it.
  u.root_url = u.base_url.substr(0, u.base_url.size() - rule.api_path.size());
  u.key = profile.key;
  take_api_key(u, config);
  u.connection_hint =
      "is " + profile.display_name + " reachable at " + u.base_url + "? set " + set_it;
  u.tls_verify = config.boolean("tls_verify");
  u.timeout = config.duration("timeout");
  if (const json::object* network = config.mapping("network")) {
    const ProviderConfig net = nested(config, "network", *network, kNetworkKeys);
    if (net.has("timeout")) u.timeout = net.duration("timeout");
    if (const json::object* tls = net.mapping("tls")) {
      const ProviderConfig verify = nested(config, "network.tls", *tls, kNetworkTlsKeys);
      if (verify.has("verify")) u.tls_verify = verify.boolean("verify");
    }
  }
  // vLLM's Python config carries max_tokens; it is checked here and not sent
  // (the outbound body stays the caller's, as the Python stack's does).
  if (config.declares("max_tokens") && config.has("max_tokens")) {
    const std::int64_t max_tokens = config.integer("max_tokens");
    if (max_tokens <= 0 || max_tokens > std::numeric_limits<std::int32_t>::max())
      config.fail("max_tokens", "expected a positive number of tokens below 2^31, got " +
                                    std::to_string(max_tokens));
  }
  s.known_models = profile.known_models;
  s.allowed_models = config.string_list("allowed_models");
  s.completions = profile.completions;
  s.embeddings = profile.embeddings;
  s.rejected_embedding_params = profile.rejected_embedding_params;
  return s;
}

std::unique_ptr<Provider> make_openai_compat(const ProviderContext& context,
                                             const OpenAICompatProfile& profile) {
  return std::make_unique<OpenAICompatInference>(settings_from(context, profile), context.http);
}

}  // namespace llama_stack::providers
