#include "stack/apis/vector_io/vector_io_api.hpp"

#include "stack/apis/vector_io/vector_io_file_routes.hpp"
#include "stack/apis/vector_io/vector_io_router.hpp"
#include "stack/apis/vector_io/vector_stores_config.hpp"

#include <llama_stack/openai_page.hpp>
#include <llama_stack/errors.hpp>

#include <algorithm>

namespace llama_stack {

namespace json = boost::json;

namespace {

VectorIoRouter& router_of(RouteServices& services) {
  return dynamic_cast<VectorIoRouter&>(services.api(kVectorIoApiName));
}

// The {vector_store_id} of the path; a last path parameter takes the rest
// of the path, and store ids hold no slash.
std::string store_id(const RouteRequest& request) {
  auto it = request.path_params.find("vector_store_id");
  if (it == request.path_params.end() || it->second.empty())
    throw InvalidRequestError("path parameter 'vector_store_id' is required");
  if (it->second.find('/') != std::string::npos)
    throw NotFoundError("vector store route '" + it->second + "' not found");
  return it->second;
}

RouteResponse create(RouteServices& s, const RouteRequest& r) {
  VectorIoRouter& router = router_of(s);
  const auto files = read_store_files(s, r.context, r.body.if_contains("file_ids"));
  return {attach_store_files(r.context, router, router.create_vector_store(r.context, r.body), files, r.body), nullptr};
}

// OpenAI's cursor list: limit (1..100, default 20), order by created_at
// (desc by default), after / before a store id.
RouteResponse list(RouteServices& s, const RouteRequest& r) {
  const char* op = "list vector stores";
  const long long limit = integer_query_param(r, op, "limit", 20, 1, 100);
  const bool ascending = ascending_order_param(r, op);
  auto stores = router_of(s).list_vector_stores(r.context);
  auto created = [](const json::object& o) { return o.at("created_at").to_number<long long>(); };
  std::stable_sort(stores.begin(), stores.end(), [&](const json::object& a, const json::object& b) {
    return ascending ? created(a) < created(b) : created(a) > created(b);
  });
  const PageCursor cursor{static_cast<std::size_t>(limit), query_param(r, "after"), query_param(r, "before")};
  auto id_of = [](const json::object& o) { return std::string_view(o.at("id").as_string()); };
  auto entry = [](const json::object& o) -> const json::object& { return o; };
  auto unknown = [&](const char* key, std::string_view id) {
    return std::string(op) + ": query parameter '" + key + "': vector store '" + std::string(id) + "' not found";
  };
  return {openai_cursor_page(stores, cursor, id_of, entry, unknown), nullptr};
}

RouteResponse retrieve(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).retrieve_vector_store(r.context, store_id(r)), nullptr};
}

RouteResponse update(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).update_vector_store(r.context, store_id(r), r.body), nullptr};
}

RouteResponse remove(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).delete_vector_store(r.context, store_id(r)), nullptr};
}

RouteResponse search(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).search_vector_store(r.context, store_id(r), r.body), nullptr};
}

RouteResponse insert(RouteServices& s, const RouteRequest& r) {
  router_of(s).insert_chunks(r.context, r.body);
  // Python answers null; an empty object is what our HTTP client reads as
  // "no fields", and the SDKs ignore the body of this call.
  return {json::object{}, nullptr};
}

RouteResponse query(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).query_chunks(r.context, r.body), nullptr};
}

}  // namespace

void register_vector_io_api(ApiTable& table) {
  ApiDefinition api;
  api.name = std::string(kVectorIoApiName);
  api.provider_interface = "VectorIoProvider";
  api.implements = [](const Provider& p) { return dynamic_cast<const VectorIoProvider*>(&p) != nullptr; };
  api.make_router = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    auto router = std::make_unique<VectorIoRouter>(services);
    router->set_defaults(vector_stores_defaults(services.config));
    for (const auto& p : providers) router->add_provider(p.provider_id, dynamic_cast<VectorIoProvider&>(*p.provider));
    return std::unique_ptr<Api>(std::move(router));
  };
  api.refresh = [](RouterServices& services, const std::vector<RoutedProvider>& providers) {
    return refresh_vector_stores(services.resources, providers);
  };
  api.check_config = [](const ConfigSections& config) { vector_stores_defaults(config); };
  // A route with segments after {vector_store_id} comes before the routes
  // ending in it: the first route that fits answers, and a last parameter
  // takes the rest of the path.
  api.routes = vector_io_file_routes();
  api.routes.insert(api.routes.end(), {
                {"POST", "/v1/vector_stores/{vector_store_id}/search", &search},
                {"POST", "/v1/vector_stores", &create},
                {"GET", "/v1/vector_stores", &list},
                {"GET", "/v1/vector_stores/{vector_store_id}", &retrieve},
                {"POST", "/v1/vector_stores/{vector_store_id}", &update},
                {"DELETE", "/v1/vector_stores/{vector_store_id}", &remove},
                {"POST", "/v1/vector-io/insert", &insert},
                {"POST", "/v1/vector-io/query", &query}});
  table.add(std::move(api));
}

}  // namespace llama_stack
