#pragma once
// The APIs a stack serves. Each API registers once: its name, the provider
// interface its providers implement, the router built in front of them and
// the routes it answers, each with its handler. The stack builds from this
// table, the library client and the CLI read it, and the server serves its
// routes through their handlers; nothing else knows an API by name.
#include "stack/routing/model_table.hpp"
#include "stack/routing/resource_table.hpp"

#include <llama_stack/api.hpp>
#include <llama_stack/id_minter.hpp>
#include <llama_stack/json_fields.hpp>
#include <llama_stack/json_stream.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/value.hpp>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack {

class ApiTable;

// A configured provider as the routes report it.
struct ProviderState {
  std::string api;
  std::string provider_id;
  std::string provider_type;
  bool running = false;
  std::string problem;  // why it is not running
};

// What route handlers serve from: a running stack, as the routing layer sees
// it (the stack itself is built on top of this layer).
class RouteServices {
 public:
  virtual ~RouteServices() = default;
  // The router of an API; NotFoundError when no provider of it runs.
  virtual Api& api(std::string_view name) = 0;
  virtual ModelTable& models() = 0;
  virtual ResourceTable& resources() = 0;
  virtual IdMinter& ids() = 0;
  virtual std::vector<ProviderState> providers() const = 0;
  virtual const ApiTable& apis() const = 0;
  virtual std::string version() const = 0;
};

// One field of a multipart/form-data body (a file upload and its fields).
struct FormPart {
  std::string name;
  std::string filename;  // empty for a plain field
  std::string content_type;
  std::string data;
};

using ParamMap = std::map<std::string, std::string, std::less<>>;

struct RouteRequest {
  RouteRequest() = default;
  RouteRequest(ParamMap path, boost::json::object json = {})
      : path_params(std::move(path)), body(std::move(json)) {}

  // The path's {name} segments, decoded: {"model_id": "ollama/llama3.2:3b"}.
  ParamMap path_params;
  // The JSON body (empty for GET and DELETE, and for form bodies).
  boost::json::object body;
  // The query string's parameters, decoded ("?limit=2&order=asc").
  ParamMap query;
  // A multipart/form-data body's parts, in order.
  std::vector<FormPart> form;
  // What the caller sent along for the providers; the transport that
  // received the request fills it in, the handler hands it to the router.
  RequestContext context;
};

// Bytes answered as they are (a file's content), not as JSON.
struct RawBody {
  std::string content_type;
  std::string data;
};

// A handler's answer: a JSON body, or, when `stream` is set, chunks to send
// as they come (the server frames them as server-sent events), or, when
// `raw` is set, bytes.
struct RouteResponse {
  RouteResponse() = default;
  RouteResponse(boost::json::value json, std::unique_ptr<JsonStream> chunks)
      : body(std::move(json)), stream(std::move(chunks)) {}
  static RouteResponse bytes(std::string content_type, std::string data) {
    RouteResponse r;
    r.raw = RawBody{std::move(content_type), std::move(data)};
    return r;
  }

  boost::json::value body;
  std::unique_ptr<JsonStream> stream;
  std::optional<RawBody> raw;
};

// Throws the stack's error types (InvalidRequestError naming the parameter,
// NotFoundError, ...); whoever serves the route maps them to statuses.
using RouteHandler = std::function<RouteResponse(RouteServices&, const RouteRequest&)>;

struct ApiRoute {
  std::string method;  // "POST"
  // "/v1/chat/completions"; a {name} segment matches one path segment, a
  // last one the rest of the path (model ids hold slashes).
  std::string path;
  RouteHandler handler;
};

// One configured provider of an API, as its router sees it.
struct RoutedProvider {
  std::string provider_id;
  std::string provider_type;
  Provider* provider;  // implements the API's provider interface
};

// What a router may read of the stack's config beyond its providers: the
// sections the stack does not interpret itself (an API's own, such as
// `vector_stores`), and which providers the config lists for each API.
struct ConfigSections {
  // Named in errors: the config file, or "the stack config".
  std::string source = "the stack config";
  boost::json::object sections;
  // Provider ids by API, in the config's order.
  std::map<std::string, std::vector<std::string>, std::less<>> provider_ids;
};

// What a router may use besides its providers: the stack's routing tables.
struct RouterServices {
  ModelTable& models;
  ResourceTable& resources;
  IdMinter& ids;
  // The settings of one of the stack's own stores ("inference":
  // stack_store_config's answer); empty when the config has none.
  std::function<boost::json::object(std::string_view name)> store_settings = {};
  ConfigSections config = {};
  // Where a store of the stack's own goes when the config places none:
  // $SQLITE_STORE_DIR, else the distribution's directory, as the providers'
  // declared defaults (`${env.SQLITE_STORE_DIR:={distro_dir}}/...`) place
  // theirs. Empty when the caller has no such place.
  std::string store_dir = {};
};

struct ApiDefinition {
  std::string name;                // "inference"
  std::string provider_interface;  // "InferenceProvider", for messages
  // Whether a provider object implements the provider interface.
  std::function<bool(const Provider&)> implements;
  // The router in front of the API's providers; what dependent providers
  // and callers get for this API.
  std::function<std::unique_ptr<Api>(RouterServices&, const std::vector<RoutedProvider>&)>
      make_router;
  // Re-reads what the providers serve into the routing tables (inference:
  // their models); returns one warning per provider that could not answer.
  // May be empty.
  std::function<std::vector<std::string>(RouterServices&, const std::vector<RoutedProvider>&)>
      refresh;
  // Checks the API's own config section (vector_io: `vector_stores:`) when
  // the stack is built and runs no provider of the API (make_router reads
  // it otherwise): a ConfigError naming the file and the key. May be empty.
  std::function<void(const ConfigSections&)> check_config;
  // An API the stack serves itself (conversations, as the Python stack's
  // built-in service): its router is made, with no providers, whether or
  // not the config lists any, and providers may depend on it. Otherwise an
  // API has a router only when one of its providers runs.
  bool serves_without_providers = false;
  std::vector<ApiRoute> routes;
};

class ApiTable {
 public:
  // The APIs this build serves: those of stack/apis/ and the stack's own
  // (models, providers, inspect), whose routes need no provider. Defined in
  // stack/apis/builtin_apis.cpp, the one place an API is added.
  static ApiTable builtin();

  // Adds an API; ConfigError when one of that name is registered already.
  void add(ApiDefinition definition);
  const ApiDefinition* find(std::string_view name) const;
  const std::vector<ApiDefinition>& apis() const noexcept { return apis_; }
  // The route registered with exactly this method and path pattern.
  const ApiRoute* route(std::string_view method, std::string_view path) const;
  // "inference, models, ..." for error messages: the APIs that take providers.
  std::string describe_provider_apis() const;

 private:
  std::vector<ApiDefinition> apis_;
};

// The stack's own APIs: routes only, no providers.
void register_stack_apis(ApiTable& table);

// The JSON object a model is answered as: OpenAI's fields (id, object,
// created, owned_by) and the Llama Stack's (identifier, provider_id, ...).
boost::json::object model_json(const ModelRecord& record);

// A query parameter; nullopt when absent.
std::optional<std::string> query_param(const RouteRequest& request, std::string_view key);
// An integer query parameter in [min, max]; InvalidRequestError naming it
// when it is not one; `fallback` when absent.
long long integer_query_param(const RouteRequest& request, std::string_view operation,
                              std::string_view key, long long fallback, long long min,
                              long long max);
// OpenAI's `order` query parameter: true for "asc", false for "desc" or
// when absent; InvalidRequestError naming it for anything else.
bool ascending_order_param(const RouteRequest& request, std::string_view operation);
// The form part named `name`; nullptr when absent.
const FormPart* form_part(const RouteRequest& request, std::string_view name);

}  // namespace llama_stack
