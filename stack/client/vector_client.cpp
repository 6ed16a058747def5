#include "stack/client/vector_client.hpp"

#include "stack/client/library_client.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

json::object object_of(RouteResponse answer, std::string_view route) {
  if (!answer.body.is_object()) throw StackError(std::string(route) + ": expected a JSON object");
  return std::move(answer.body.as_object());
}

RouteRequest for_store(std::string_view id, json::object body = {}) {
  return RouteRequest({{"vector_store_id", std::string(id)}}, std::move(body));
}

}  // namespace

json::object VectorStoresClient::create(const json::object& params) {
  return object_of(call_("POST", "/v1/vector_stores", RouteRequest({}, params), {}), "/v1/vector_stores");
}

json::object VectorStoresClient::list(const ParamMap& query) {
  RouteRequest request;
  request.query = query;
  return object_of(call_("GET", "/v1/vector_stores", std::move(request), {}), "/v1/vector_stores");
}

json::object VectorStoresClient::retrieve(std::string_view id) {
  return object_of(call_("GET", "/v1/vector_stores/{vector_store_id}", for_store(id), {}), "/v1/vector_stores/{id}");
}

json::object VectorStoresClient::update(std::string_view id, const json::object& params) {
  return object_of(call_("POST", "/v1/vector_stores/{vector_store_id}", for_store(id, params), {}),
                   "/v1/vector_stores/{id}");
}

json::object VectorStoresClient::remove(std::string_view id) {
  return object_of(call_("DELETE", "/v1/vector_stores/{vector_store_id}", for_store(id), {}), "/v1/vector_stores/{id}");
}

json::object VectorStoresClient::search(std::string_view id, const json::object& params) {
  return object_of(call_("POST", "/v1/vector_stores/{vector_store_id}/search", for_store(id, params), {}),
                   "/v1/vector_stores/{id}/search");
}

void VectorIoClient::insert(const json::object& params) {
  call_("POST", "/v1/vector-io/insert", RouteRequest({}, params), {});
}

json::object VectorIoClient::query(const json::object& params) {
  return object_of(call_("POST", "/v1/vector-io/query", RouteRequest({}, params), {}), "/v1/vector-io/query");
}

}  // namespace llama_stack
