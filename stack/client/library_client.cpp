#include "stack/client/library_client.hpp"

#include "build_paths.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/config/stack_pointer.hpp"
#include "stack/core/request_scope.hpp"
#include "stack/layout/install_layout.hpp"

#include <llama_stack/apis/inference.hpp>

#include <llama_stack/errors.hpp>

#include <set>

namespace llama_stack {

struct LlamaStackClient::Shared {
  std::unique_ptr<Stack> stack;
  boost::json::object provider_data;

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
    : LlamaStackClient(std::make_unique<Shared>(Shared{std::move(stack), std::move(provider_data)})) {}

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
Model to_model(const ModelRecord& r) {
  return {r.identifier, r.provider_id, r.provider_model_id, r.model_type, r.metadata};
}
}  // namespace

std::vector<Model> LlamaStackClient::Models::list() const {
  std::vector<Model> out;
  for (const auto& r : shared_->stack->models().list()) out.push_back(to_model(r));
  return out;
}

Model LlamaStackClient::Models::retrieve(std::string_view identifier) const {
  auto r = shared_->stack->models().find(identifier);
  if (!r) throw NotFoundError("model '" + std::string(identifier) + "' not found");
  return to_model(*r);
}

Model LlamaStackClient::Models::register_model(std::string identifier, std::string provider_id,
                                               std::string provider_model_id,
                                               std::string model_type,
                                               boost::json::object metadata) {
  if (!shared_->stack->runs(kInferenceApiName, provider_id))
    throw NotFoundError("cannot register model '" + identifier + "': no running inference "
                        "provider '" + provider_id + "'");
  if (provider_model_id.empty()) provider_model_id = identifier;
  ModelRecord record{std::move(identifier), std::move(provider_id), std::move(provider_model_id),
                     std::move(model_type), std::move(metadata), /*registered=*/true};
  shared_->stack->models().register_model(record);
  return to_model(record);
}

void LlamaStackClient::Models::unregister(std::string_view identifier) {
  shared_->stack->models().unregister_model(identifier);
}

std::vector<ProviderInfo> LlamaStackClient::Providers::list() const {
  std::vector<ProviderInfo> out;
  for (const auto& p : shared_->stack->providers())
    out.push_back({p.api, p.provider_id, p.provider_type, p.running, p.problem});
  return out;
}

boost::json::object LlamaStackClient::Inspect::health() const {
  boost::json::array problems;
  for (const auto& p : shared_->stack->providers())
    if (!p.running) problems.push_back(boost::json::string(p.provider_id + ": " + p.problem));
  boost::json::object out{{"status", problems.empty() ? "OK" : "Degraded"}};
  if (!problems.empty()) out["problems"] = std::move(problems);
  return out;
}

boost::json::object LlamaStackClient::Inspect::version() const {
  return {{"version", LLAMA_STACK_VERSION}};
}

std::vector<boost::json::object> LlamaStackClient::Inspect::routes() const {
  const Stack& stack = *shared_->stack;
  std::vector<boost::json::object> out;
  for (const auto& api : stack.apis().apis()) {
    // An API that takes providers serves its routes only when one runs.
    std::set<std::string> types;
    for (const auto& p : stack.providers())
      if (p.api == api.name && p.running) types.insert(p.provider_type);
    if (api.make_router && types.empty()) continue;
    boost::json::array provider_types;
    for (const auto& t : types) provider_types.push_back(boost::json::string(t));
    for (const auto& route : api.routes)
      out.push_back({{"method", route.method}, {"route", route.path}, {"provider_types", provider_types}});
  }
  return out;
}

}  // namespace llama_stack
