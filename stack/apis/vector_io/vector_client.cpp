#include "stack/apis/vector_io/vector_client.hpp"

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

RouteRequest for_file(std::string_view id, const char* key, std::string_view file_id, json::object body = {}) {
  return RouteRequest({{"vector_store_id", std::string(id)}, {key, std::string(file_id)}}, std::move(body));
}

RouteRequest with_query(RouteRequest request, const ParamMap& query) {
  request.query = query;
  return request;
}

constexpr const char* kFiles = "/v1/vector_stores/{vector_store_id}/files";
constexpr const char* kFile = "/v1/vector_stores/{vector_store_id}/files/{file_id}";
constexpr const char* kBatches = "/v1/vector_stores/{vector_store_id}/file_batches";
constexpr const char* kBatch = "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}";

}  // namespace

json::object VectorStoreFilesClient::create(std::string_view id, const json::object& params) {
  return object_of(call_("POST", kFiles, for_store(id, params), {}), kFiles);
}

json::object VectorStoreFilesClient::list(std::string_view id, const ParamMap& query) {
  return object_of(call_("GET", kFiles, with_query(for_store(id), query), {}), kFiles);
}

json::object VectorStoreFilesClient::retrieve(std::string_view id, std::string_view file_id) {
  return object_of(call_("GET", kFile, for_file(id, "file_id", file_id), {}), kFile);
}

json::object VectorStoreFilesClient::content(std::string_view id, std::string_view file_id) {
  const std::string route = std::string(kFile) + "/content";
  return object_of(call_("GET", route, for_file(id, "file_id", file_id), {}), route);
}

json::object VectorStoreFilesClient::update(std::string_view id, std::string_view file_id, const json::object& params) {
  return object_of(call_("POST", kFile, for_file(id, "file_id", file_id, params), {}), kFile);
}

json::object VectorStoreFilesClient::remove(std::string_view id, std::string_view file_id) {
  return object_of(call_("DELETE", kFile, for_file(id, "file_id", file_id), {}), kFile);
}

json::object VectorStoreFileBatchesClient::create(std::string_view id, const json::object& params) {
  return object_of(call_("POST", kBatches, for_store(id, params), {}), kBatches);
}

json::object VectorStoreFileBatchesClient::retrieve(std::string_view id, std::string_view batch_id) {
  return object_of(call_("GET", kBatch, for_file(id, "batch_id", batch_id), {}), kBatch);
}

json::object VectorStoreFileBatchesClient::list_files(std::string_view id, std::string_view batch_id,
                                                      const ParamMap& query) {
  const std::string route = std::string(kBatch) + "/files";
  return object_of(call_("GET", route, with_query(for_file(id, "batch_id", batch_id), query), {}), route);
}

json::object VectorStoreFileBatchesClient::cancel(std::string_view id, std::string_view batch_id) {
  const std::string route = std::string(kBatch) + "/cancel";
  return object_of(call_("POST", route, for_file(id, "batch_id", batch_id), {}), route);
}

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
