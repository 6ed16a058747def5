#include "stack/client/library_client.hpp"

#include "build_paths.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/config/stack_pointer.hpp"
#include "stack/core/request_scope.hpp"
#include "stack/layout/install_layout.hpp"

#include <llama_stack/apis/inference.hpp>

#include <llama_stack/errors.hpp>


namespace llama_stack {

struct LlamaStackClient::Shared final : RouteServices {
  Shared(std::unique_ptr<Stack> s, boost::json::object data)
      : stack(std::move(s)), provider_data(std::move(data)) {}
  std::unique_ptr<Stack> stack;
  boost::json::object provider_data;

  Api& api(std::string_view name) override { return stack->api(name); }
  ModelTable& models() override { return stack->models(); }
  std::vector<ProviderState> providers() const override {
    std::vector<ProviderState> out;
    for (const auto& p : stack->providers())
      out.push_back({p.api, p.provider_id, p.provider_type, p.running, p.problem});
    return out;
  }
  const ApiTable& apis() const override { return stack->apis(); }
  std::string version() const override { return LLAMA_STACK_VERSION; }

  // Answers a route of the stack's own APIs as the server does.
  boost::json::value call(std::string_view method, std::string_view path,
                          RouteRequest request = {}) {
    const ApiRoute* route = stack->apis().route(method, path);
    if (route == nullptr || !route->handler)
      throw NotFoundError("no route " + std::string(method) + " " + std::string(path));
    return route->handler(*this, request).body;
  }

  // The provider data of one call: what an enclosing scope set (a server
  // request), the client's over it, the call's over both.
  boost::json::object data_for(const RequestOptions& options) const {
    boost::json::object data = ThreadRequestScope().provider_data();
    for (const auto& [k, v] : provider_data) data[k] = v;
    for (const auto& [k, v] : options.provider_data) data[k] = v;
    return data;
  }
  InferenceApi& inference() { return stack->api<InferenceApi>(kInferenceApiName); }
};

LlamaStackClient LlamaStackClient::from_config(std::string_view stack_pointer,
                                               ClientOptions options) {
  // Ad-hoc specs need the registry to know each provider's sample config, and
  // external_providers_dir is only known once a run.yaml is read; discover
  // the default registry first and widen it when the config names more.
  auto registry = ProviderRegistry::discover(options.env);
  const auto dirs = options.distribution_dirs.empty()
                        ? InstallLayout::detect(options.env).distribution_dirs
                        : options.distribution_dirs;
  RunConfig config = resolve_stack_pointer(stack_pointer, options.env, dirs, registry.available());
  if (config.external_providers_dir)
    registry = ProviderRegistry::discover(options.env, *config.external_providers_dir);
  StackOptions stack_options;
  stack_options.env = options.env;
  stack_options.http = options.http ? options.http : outbound_http_from_environment(options.env);
  stack_options.strict = options.strict;
  return LlamaStackClient(
      Stack::create(std::move(config), std::move(registry), std::move(stack_options)),
      std::move(options.provider_data));
}

LlamaStackClient::LlamaStackClient(std::unique_ptr<Stack> stack, boost::json::object provider_data)
    : LlamaStackClient(std::make_unique<Shared>(std::move(stack), std::move(provider_data))) {}

LlamaStackClient::LlamaStackClient(std::unique_ptr<Shared> shared)
    : chat{ChatCompletions(shared.get())},
      completions(shared.get()),
      embeddings(shared.get()),
      models(shared.get()),
      providers(shared.get()),
      inspect(shared.get()),
      shared_(std::move(shared)) {}

LlamaStackClient::~LlamaStackClient() = default;
LlamaStackClient::LlamaStackClient(LlamaStackClient&&) noexcept = default;
LlamaStackClient& LlamaStackClient::operator=(LlamaStackClient&&) noexcept = default;

Stack& LlamaStackClient::stack() noexcept { return *shared_->stack; }

RouteServices& LlamaStackClient::route_services() noexcept { return *shared_; }

void LlamaStackClient::set_provider_data(boost::json::object provider_data) {
  shared_->provider_data = std::move(provider_data);
}

ChatCompletion LlamaStackClient::ChatCompletions::create(const boost::json::object& params,
                                                         const RequestOptions& options) {
  if (const auto* s = params.if_contains("stream"); s && s->is_bool() && s->as_bool())
    throw InvalidRequestError("chat.completions.create: \"stream\": true needs "
                              "chat.completions.stream(), which returns the chunks");
  const boost::json::object data = shared_->data_for(options);
  ProviderDataGuard guard(data);
  return ChatCompletion::from_json(shared_->inference().chat_completion(params));
}

Stream<ChatCompletionChunk> LlamaStackClient::ChatCompletions::stream(boost::json::object params,
                                                                      const RequestOptions& options) {
  params["stream"] = true;
  const boost::json::object data = shared_->data_for(options);
  ProviderDataGuard guard(data);
  return Stream<ChatCompletionChunk>(shared_->inference().chat_completion_stream(params));
}

Completion LlamaStackClient::Completions::create(const boost::json::object& params,
                                                 const RequestOptions& options) {
  if (const auto* s = params.if_contains("stream"); s && s->is_bool() && s->as_bool())
    throw InvalidRequestError("completions.create: \"stream\": true needs completions.stream()");
  const boost::json::object data = shared_->data_for(options);
  ProviderDataGuard guard(data);
  return Completion::from_json(shared_->inference().completion(params));
}

Stream<Completion> LlamaStackClient::Completions::stream(boost::json::object params,
                                                         const RequestOptions& options) {
  params["stream"] = true;
  const boost::json::object data = shared_->data_for(options);
  ProviderDataGuard guard(data);
  return Stream<Completion>(shared_->inference().completion_stream(params));
}

EmbeddingsResponse LlamaStackClient::Embeddings::create(const boost::json::object& params,
                                                        const RequestOptions& options) {
  const boost::json::object data = shared_->data_for(options);
  ProviderDataGuard guard(data);
  return EmbeddingsResponse::from_json(shared_->inference().embeddings(params));
}

namespace {

Model to_model(const boost::json::value& v) {
  const auto& o = v.as_object();
  auto text = [&](const char* key) { return std::string(o.at(key).as_string()); };
  return {text("identifier"), text("provider_id"), text("provider_resource_id"),
          text("model_type"), o.at("metadata").as_object()};
}

const boost::json::array& data_of(const boost::json::value& v) {
  return v.as_object().at("data").as_array();
}

}  // namespace

std::vector<Model> LlamaStackClient::Models::list() const {
  std::vector<Model> out;
  const auto listed = shared_->call("GET", "/v1/models");
  for (const auto& m : data_of(listed)) out.push_back(to_model(m));
  return out;
}

Model LlamaStackClient::Models::retrieve(std::string_view identifier) const {
  return to_model(
      shared_->call("GET", "/v1/models/{model_id}", {{{"model_id", std::string(identifier)}}, {}}));
}

Model LlamaStackClient::Models::register_model(std::string identifier, std::string provider_id,
                                               std::string provider_model_id,
                                               std::string model_type,
                                               boost::json::object metadata) {
  boost::json::object body{{"model_id", identifier},
                           {"provider_id", provider_id},
                           {"model_type", model_type},
                           {"metadata", std::move(metadata)}};
  if (!provider_model_id.empty()) body["provider_model_id"] = provider_model_id;
  return to_model(shared_->call("POST", "/v1/models", {{}, std::move(body)}));
}

void LlamaStackClient::Models::unregister(std::string_view identifier) {
  shared_->call("DELETE", "/v1/models/{model_id}", {{{"model_id", std::string(identifier)}}, {}});
}

std::vector<ProviderInfo> LlamaStackClient::Providers::list() const {
  std::vector<ProviderInfo> out;
  for (const auto& p : shared_->providers())
    out.push_back({p.api, p.provider_id, p.provider_type, p.running, p.problem});
  return out;
}

boost::json::object LlamaStackClient::Inspect::health() const {
  return shared_->call("GET", "/v1/health").as_object();
}

boost::json::object LlamaStackClient::Inspect::version() const {
  return shared_->call("GET", "/v1/version").as_object();
}

std::vector<boost::json::object> LlamaStackClient::Inspect::routes() const {
  std::vector<boost::json::object> out;
  const auto listed = shared_->call("GET", "/v1/inspect/routes");
  for (const auto& r : data_of(listed)) out.push_back(r.as_object());
  return out;
}

}  // namespace llama_stack
