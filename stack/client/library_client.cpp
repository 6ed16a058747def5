#include "stack/client/library_client.hpp"

#include "build_paths.hpp"
#include "stack/config/stack_pointer.hpp"
#include "stack/replay/recording_session.hpp"

#include <llama_stack/errors.hpp>

#include <set>

namespace llama_stack {

std::vector<std::filesystem::path> default_distribution_dirs(const Environment& env) {
  std::vector<std::filesystem::path> dirs;
  if (auto extra = env.get("LLAMA_STACK_DISTRIBUTIONS_DIR")) dirs.emplace_back(*extra);
  dirs.emplace_back(std::filesystem::path(LLAMA_STACK_SOURCE_DIR) / "distributions");
  dirs.emplace_back(std::filesystem::path(LLAMA_STACK_INSTALL_DATA_DIR) / "distributions");
  return dirs;
}

LlamaStackClient LlamaStackClient::from_config(std::string_view stack_pointer,
                                               ClientOptions options) {
  // Ad-hoc specs need the registry to know each provider's sample config, and
  // external_providers_dir is only known once a run.yaml is read; discover
  // the default registry first and widen it when the config names more.
  auto registry = ProviderRegistry::discover(options.env);
  const auto dirs = options.distribution_dirs.empty() ? default_distribution_dirs(options.env)
                                                      : options.distribution_dirs;
  RunConfig config = resolve_stack_pointer(stack_pointer, options.env, dirs, registry.available());
  if (config.external_providers_dir)
    registry = ProviderRegistry::discover(options.env, *config.external_providers_dir);
  StackOptions stack_options{options.env, options.http, options.strict, options.recording};
  return LlamaStackClient(Stack::create(std::move(config), std::move(registry),
                                        std::move(stack_options)));
}

LlamaStackClient::LlamaStackClient(std::unique_ptr<Stack> stack)
    : chat{ChatCompletions(stack.get())},
      completions(stack.get()),
      embeddings(stack.get()),
      models(stack.get()),
      providers(stack.get()),
      inspect(stack.get()),
      stack_(std::move(stack)) {}

void LlamaStackClient::set_test_id(std::string test_id) {
  if (const auto& session = stack_->recording()) session->set_test_id(std::move(test_id));
}

ChatCompletion LlamaStackClient::ChatCompletions::create(const boost::json::object& params) {
  if (const auto* s = params.if_contains("stream"); s && s->is_bool() && s->as_bool())
    throw InvalidRequestError("chat.completions.create: \"stream\": true needs "
                              "chat.completions.stream(), which returns the chunks");
  return ChatCompletion::from_json(stack_->inference().chat_completion(params));
}

Stream<ChatCompletionChunk> LlamaStackClient::ChatCompletions::stream(boost::json::object params) {
  params["stream"] = true;
  return Stream<ChatCompletionChunk>(stack_->inference().chat_completion_stream(params));
}

Completion LlamaStackClient::Completions::create(const boost::json::object& params) {
  if (const auto* s = params.if_contains("stream"); s && s->is_bool() && s->as_bool())
    throw InvalidRequestError("completions.create: \"stream\": true needs completions.stream()");
  return Completion::from_json(stack_->inference().completion(params));
}

Stream<Completion> LlamaStackClient::Completions::stream(boost::json::object params) {
  params["stream"] = true;
  return Stream<Completion>(stack_->inference().completion_stream(params));
}

EmbeddingsResponse LlamaStackClient::Embeddings::create(const boost::json::object& params) {
  return EmbeddingsResponse::from_json(stack_->inference().embeddings(params));
}

namespace {
Model to_model(const ModelRecord& r) {
  return {r.identifier, r.provider_id, r.provider_model_id, r.model_type, r.metadata};
}
}  // namespace

std::vector<Model> LlamaStackClient::Models::list() const {
  std::vector<Model> out;
  for (const auto& r : stack_->models().list()) out.push_back(to_model(r));
  return out;
}

Model LlamaStackClient::Models::retrieve(std::string_view identifier) const {
  auto r = stack_->models().find(identifier);
  if (!r) throw NotFoundError("model '" + std::string(identifier) + "' not found");
  return to_model(*r);
}

Model LlamaStackClient::Models::register_model(std::string identifier, std::string provider_id,
                                               std::string provider_model_id,
                                               std::string model_type,
                                               boost::json::object metadata) {
  bool known_provider = false;
  for (const auto& p : stack_->providers())
    if (p.api == "inference" && p.provider_id == provider_id && p.running) known_provider = true;
  if (!known_provider)
    throw NotFoundError("cannot register model '" + identifier + "': no running inference "
                        "provider '" + provider_id + "'");
  if (provider_model_id.empty()) provider_model_id = identifier;
  ModelRecord record{std::move(identifier), std::move(provider_id), std::move(provider_model_id),
                     std::move(model_type), std::move(metadata), /*registered=*/true};
  stack_->models().register_model(record);
  return to_model(record);
}

void LlamaStackClient::Models::unregister(std::string_view identifier) {
  stack_->models().unregister_model(identifier);
}

std::vector<ProviderInfo> LlamaStackClient::Providers::list() const {
  std::vector<ProviderInfo> out;
  for (const auto& p : stack_->providers())
    out.push_back({p.api, p.provider_id, p.provider_type, p.running, p.problem});
  return out;
}

boost::json::object LlamaStackClient::Inspect::health() const {
  boost::json::array problems;
  for (const auto& p : stack_->providers())
    if (!p.running) problems.push_back(boost::json::string(p.provider_id + ": " + p.problem));
  boost::json::object out{{"status", problems.empty() ? "OK" : "Degraded"}};
  if (!problems.empty()) out["problems"] = std::move(problems);
  return out;
}

boost::json::object LlamaStackClient::Inspect::version() const {
  return {{"version", LLAMA_STACK_VERSION}};
}

std::vector<boost::json::object> LlamaStackClient::Inspect::routes() const {
  std::set<std::string> inference_types;
  for (const auto& p : stack_->providers())
    if (p.api == "inference" && p.running) inference_types.insert(p.provider_type);
  boost::json::array types;
  for (const auto& t : inference_types) types.push_back(boost::json::string(t));
  std::vector<boost::json::object> out;
  auto add = [&](const char* method, const char* route, const boost::json::array& providers) {
    out.push_back({{"method", method}, {"route", route}, {"provider_types", providers}});
  };
  if (!inference_types.empty()) {
    add("POST", "/v1/chat/completions", types);
    add("POST", "/v1/completions", types);
    add("POST", "/v1/embeddings", types);
  }
  const boost::json::array none;
  add("GET", "/v1/models", none);
  add("POST", "/v1/models", none);
  add("DELETE", "/v1/models/{model_id}", none);
  add("GET", "/v1/providers", none);
  add("GET", "/v1/health", none);
  add("GET", "/v1/version", none);
  add("GET", "/v1/inspect/routes", none);
  return out;
}

}  // namespace llama_stack
