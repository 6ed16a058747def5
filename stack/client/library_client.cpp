#include "stack/client/library_client.hpp"

#include "stack/client/http_transport.hpp"
#include "stack/client/in_process_transport.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/config/stack_pointer.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/layout/install_layout.hpp"

#include <llama_stack/errors.hpp>


namespace llama_stack {

struct LlamaStackClient::Shared {
  Shared(std::unique_ptr<ClientTransport> t, boost::json::object data)
      : transport(std::move(t)), provider_data(std::move(data)) {}
  std::unique_ptr<ClientTransport> transport;
  boost::json::object provider_data;

  // The provider data of one call: the client's, the call's over it.
  boost::json::object data_for(const RequestOptions& options) const {
    boost::json::object data = provider_data;
    for (const auto& [k, v] : options.provider_data) data[k] = v;
    return data;
  }
  RouteResponse call(std::string_view method, std::string_view route, RouteRequest request = {},
                     const RequestOptions& options = {}) {
    return transport->call(method, route, std::move(request), data_for(options));
  }
  boost::json::value body(std::string_view method, std::string_view route,
                          RouteRequest request = {}, const RequestOptions& options = {}) {
    return call(method, route, std::move(request), options).body;
  }
};

namespace {

struct ConfigAndRegistry {
  RunConfig config;
  ProviderRegistry registry;
};

// Each discovered once, in whichever order the pointer needs: an ad-hoc spec
// is made of the providers the registry offers (and names no
// external_providers_dir), while a run.yaml may name an external provider
// directory, which the registry searches before the built-in providers.
ConfigAndRegistry resolve_with_registry(std::string_view stack_pointer, const Environment& env,
                                        const InstallLayout& layout,
                                        const std::vector<std::filesystem::path>& dirs) {
  if (classify_stack_pointer(stack_pointer) == StackPointerKind::adhoc) {
    auto registry = ProviderRegistry::discover(env, layout);
    RunConfig config = resolve_stack_pointer(stack_pointer, env, dirs, registry.available());
    return {std::move(config), std::move(registry)};
  }
  RunConfig config = resolve_stack_pointer(stack_pointer, env, dirs, {});
  auto registry = ProviderRegistry::discover(
      env, layout, config.external_providers_dir.value_or(std::filesystem::path{}));
  return {std::move(config), std::move(registry)};
}

}  // namespace

LlamaStackClient LlamaStackClient::from_config(std::string_view stack_pointer,
                                               ClientOptions options) {
  // The one detection for everything this stack finds on disk: its
  // distributions, its built-in plugins and its recordings.
  const InstallLayout layout = InstallLayout::detect(options.env);
  const auto& dirs = options.distribution_dirs.empty() ? layout.distribution_dirs
                                                       : options.distribution_dirs;
  auto [config, registry] = resolve_with_registry(stack_pointer, options.env, layout, dirs);
  StackOptions stack_options;
  stack_options.env = options.env;
  if (!options.http)
    record_and_replay(options,
                      std::shared_ptr<HttpClient>(make_network_http_client(network_client_options(
                          options.env.get(kMaxResponseBytesVariable)))),
                      replay::RecordingSession::from_environment(options.env, layout));
  stack_options.http = options.http;
  stack_options.ids = options.ids;
  stack_options.strict = options.strict;
  return LlamaStackClient(
      Stack::create(std::move(config), std::move(registry), std::move(stack_options)),
      std::move(options.provider_data));
}

LlamaStackClient LlamaStackClient::from_url(std::string_view base_url, ClientOptions options) {
  const auto timeout = client_timeout(options.env.get(kClientTimeoutVariable));
  std::shared_ptr<HttpClient> http =
      options.http ? options.http
                   : std::shared_ptr<HttpClient>(make_network_http_client(
                         network_client_options(options.env.get(kMaxResponseBytesVariable))));
  return LlamaStackClient(http_transport(std::string(base_url), std::move(http), timeout),
                          std::move(options.provider_data));
}

LlamaStackClient::LlamaStackClient(std::unique_ptr<Stack> stack, boost::json::object provider_data)
    : LlamaStackClient(in_process_transport(std::move(stack)), std::move(provider_data)) {}

LlamaStackClient::LlamaStackClient(std::unique_ptr<ClientTransport> transport,
                                   boost::json::object provider_data)
    : LlamaStackClient(std::make_unique<Shared>(std::move(transport), std::move(provider_data))) {}

LlamaStackClient::LlamaStackClient(std::unique_ptr<Shared> shared)
    : chat{ChatCompletionsClient(caller_of(shared.get()))},
      completions(caller_of(shared.get())),
      embeddings(caller_of(shared.get())),
      models(shared.get()),
      providers(shared.get()),
      inspect(shared.get()),
      toolgroups(caller_of(shared.get())),
      tools(caller_of(shared.get())),
      tool_runtime(caller_of(shared.get())),
      files(caller_of(shared.get())),
      safety(caller_of(shared.get())),
      shields(caller_of(shared.get())),
      moderations(caller_of(shared.get())),
      vector_stores(caller_of(shared.get())),
      vector_io(caller_of(shared.get())),
      conversations(caller_of(shared.get())),
      shared_(std::move(shared)) {}

RouteCaller LlamaStackClient::caller_of(Shared* shared) {
  return [shared](std::string_view method, std::string_view route, RouteRequest request,
                  const RequestOptions& options) {
    return shared->call(method, route, std::move(request), options);
  };
}

LlamaStackClient::~LlamaStackClient() = default;
LlamaStackClient::LlamaStackClient(LlamaStackClient&&) noexcept = default;
LlamaStackClient& LlamaStackClient::operator=(LlamaStackClient&&) noexcept = default;

bool LlamaStackClient::is_remote() const noexcept { return shared_->transport->stack() == nullptr; }

Stack& LlamaStackClient::stack() {
  if (Stack* s = shared_->transport->stack()) return *s;
  throw UnsupportedError("a remote client has no in-process stack; ask providers.list() or inspect");
}

RouteServices& LlamaStackClient::route_services() {
  if (RouteServices* s = shared_->transport->route_services()) return *s;
  throw UnsupportedError("a remote client has no in-process stack to serve from");
}

void LlamaStackClient::set_provider_data(boost::json::object provider_data) {
  shared_->provider_data = std::move(provider_data);
}

void LlamaStackClient::set_test_id(std::optional<std::string> id) {
  shared_->transport->set_test_id(std::move(id));
}

RouteResponse LlamaStackClient::call(std::string_view method, std::string_view route,
                                     RouteRequest request, const RequestOptions& options) {
  return shared_->call(method, route, std::move(request), options);
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
  const auto listed = shared_->body("GET", "/v1/models");
  for (const auto& m : data_of(listed)) out.push_back(to_model(m));
  return out;
}

Model LlamaStackClient::Models::retrieve(std::string_view identifier) const {
  return to_model(
      shared_->body("GET", "/v1/models/{model_id}", {{{"model_id", std::string(identifier)}}, {}}));
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
  return to_model(shared_->body("POST", "/v1/models", {{}, std::move(body)}));
}

void LlamaStackClient::Models::unregister(std::string_view identifier) {
  shared_->body("DELETE", "/v1/models/{model_id}", {{{"model_id", std::string(identifier)}}, {}});
}

std::vector<ProviderInfo> LlamaStackClient::Providers::list() const {
  std::vector<ProviderInfo> out;
  const auto listed = shared_->body("GET", "/v1/providers");
  for (const auto& p : data_of(listed)) {
    const auto& o = p.as_object();
    auto text = [&](const char* key) {
      const auto* v = o.if_contains(key);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    const auto* running = o.if_contains("running");
    out.push_back({text("api"), text("provider_id"), text("provider_type"),
                   running && running->is_bool() && running->as_bool(), text("problem")});
  }
  return out;
}

boost::json::object LlamaStackClient::Inspect::health() const {
  return shared_->body("GET", "/v1/health").as_object();
}

boost::json::object LlamaStackClient::Inspect::version() const {
  return shared_->body("GET", "/v1/version").as_object();
}

std::vector<boost::json::object> LlamaStackClient::Inspect::routes() const {
  std::vector<boost::json::object> out;
  const auto listed = shared_->body("GET", "/v1/inspect/routes");
  for (const auto& r : data_of(listed)) out.push_back(r.as_object());
  return out;
}

}  // namespace llama_stack
