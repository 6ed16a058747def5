// remote::example — a complete custom inference provider, built outside the
// llama-stack-cpp tree against the installed SDK.
//
// It talks to any OpenAI-compatible server (Ollama, vLLM, ...) and puts a
// configurable system prompt in front of every conversation that has none.
// Like every provider it never opens a socket: it describes requests and the
// stack's HttpClient sends them, so record/replay covers it too.
//
// Config:
//   url:           the server's root URL (required), e.g. http://localhost:11434
//   system_prompt: added as the first message when the caller sent no system message
//   api_key:       sent as "Authorization: Bearer <key>" when set
#include <llama_stack/plugin.hpp>

#include <boost/json.hpp>

namespace example {

namespace json = boost::json;
using namespace llama_stack;

// Turns each SSE event of the upstream into a chunk object.
class Chunks final : public JsonStream {
 public:
  explicit Chunks(std::unique_ptr<EventStream> events) : events_(std::move(events)) {}
  std::optional<json::object> next() override {
    auto payload = events_->next();
    if (!payload) return std::nullopt;
    json::value v = json::parse(*payload);
    if (!v.is_object()) throw StackError("example provider: a stream event is not a JSON object");
    return std::move(v.as_object());
  }

 private:
  std::unique_ptr<EventStream> events_;
};

class ExampleInference final : public InferenceProvider {
 public:
  ExampleInference(const ProviderContext& context)
      : id_(context.provider_id),
        url_(context.config.require_string("url")),
        system_prompt_(context.config.string("system_prompt")),
        api_key_(context.config.optional_string("api_key")),
        http_(context.http) {
    if (url_.find("://") == std::string::npos)
      context.config.fail("url", "expected a URL such as http://localhost:11434, got '" + url_ + "'");
    while (!url_.empty() && url_.back() == '/') url_.pop_back();
  }

  json::object chat_completion(const RequestContext&, const json::object& params) override {
    return check(http_.send(request("/chat/completions", with_system_prompt(params))));
  }

  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext&,
                                                     const json::object& params) override {
    StreamResponse response =
        http_.open_stream(request("/chat/completions", with_system_prompt(params)), StreamFormat::sse);
    if (response.status < 200 || response.status >= 300 || !response.events)
      throw UpstreamError(id_, response.status, response.error_body);
    return std::make_unique<Chunks>(std::move(response.events));
  }

  json::object embeddings(const RequestContext&, const json::object& params) override {
    return check(http_.send(request("/embeddings", params)));
  }

  std::vector<ProviderModel> list_models() override {
    HttpRequest r = request("/models", nullptr);
    r.method = "GET";
    json::object listing = check(http_.send(r));
    std::vector<ProviderModel> models;
    for (const auto& m : listing.at("data").as_array()) {
      const std::string id(m.at("id").as_string());
      models.push_back({id, id.find("embed") != std::string::npos ? "embedding" : "llm", {}});
    }
    return models;
  }

 private:
  json::object with_system_prompt(json::object params) const {
    if (system_prompt_.empty()) return params;
    json::array& messages = params["messages"].as_array();
    for (const auto& m : messages)
      if (m.at("role") == "system") return params;
    messages.insert(messages.begin(), json::object{{"role", "system"}, {"content", system_prompt_}});
    return params;
  }

  HttpRequest request(const std::string& route, json::value body) const {
    HttpRequest r;
    r.url = url_ + "/v1" + route;
    r.endpoint = "/v1" + route;  // the API route recordings are keyed on
    r.body = std::move(body);
    if (api_key_) r.headers.emplace_back("Authorization", "Bearer " + *api_key_);
    return r;
  }

  json::object check(const HttpResponse& response) const {
    if (response.status < 200 || response.status >= 300)
      throw UpstreamError(id_, response.status, response.body);
    json::value v = json::parse(response.body);
    if (!v.is_object()) throw StackError("provider '" + id_ + "': answer is not a JSON object");
    return std::move(v.as_object());
  }

  std::string id_;
  std::string url_;
  std::string system_prompt_;
  std::optional<std::string> api_key_;
  HttpClient& http_;
};

// The keys this provider accepts; the stack refuses any other key and
// generates the sample config (for --stack-config=inference=example) from them.
constexpr ConfigKey kConfigKeys[] = {
    {.name = "url", .type = ConfigType::url, .default_value = "http://localhost:11434",
     .env_var = "EXAMPLE_URL", .description = "an OpenAI-compatible server", .aliases = "base_url"},
    {.name = "system_prompt", .type = ConfigType::string, .default_value = "",
     .env_var = "EXAMPLE_SYSTEM_PROMPT", .description = "prepended when a request has none"},
    {.name = "api_key", .type = ConfigType::secret, .description = "sent as a bearer token",
     .in_sample = false},
};

LLAMA_STACK_PROVIDER_DESCRIPTOR(kDescriptor, "inference", "remote::example",
    "Example out-of-tree provider: an OpenAI-compatible server with a default system prompt",
    kConfigKeys, &make_provider<ExampleInference>)

}  // namespace example
