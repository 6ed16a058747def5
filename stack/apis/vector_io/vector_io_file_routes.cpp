#include "stack/apis/vector_io/vector_io_file_routes.hpp"

#include "stack/apis/vector_io/vector_io_router.hpp"

#include <llama_stack/apis/files.hpp>
#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

VectorIoRouter& router_of(RouteServices& services) {
  return dynamic_cast<VectorIoRouter&>(services.api(kVectorIoApiName));
}

std::string path_param(const RouteRequest& request, const char* key) {
  auto it = request.path_params.find(key);
  if (it == request.path_params.end() || it->second.empty())
    throw InvalidRequestError(std::string("path parameter '") + key + "' is required");
  // A last path parameter takes the rest of the path; ids hold no slash.
  if (it->second.find('/') != std::string::npos) throw NotFoundError("route '" + it->second + "' not found");
  return it->second;
}

std::string store_id(const RouteRequest& r) { return path_param(r, "vector_store_id"); }

// The body with extra_body's fields at the top level, as the OpenAI client
// sends them.
json::object flattened(const json::object& body) {
  json::object out = body;
  if (const json::value* extra = body.if_contains("extra_body"); extra != nullptr && extra->is_object()) {
    for (const auto& [k, v] : extra->as_object()) out[k] = v;
    out.erase("extra_body");
  }
  return out;
}

FilesApi& files_api(RouteServices& s, const std::string& operation) {
  try {
    return dynamic_cast<FilesApi&>(s.api(kFilesApiName));
  } catch (const NotFoundError& e) {
    throw NotFoundError(operation + ": attaching files needs the files API: " + e.what());
  }
}

// An unknown file is not the call's error: its attachment fails, as OpenAI
// and the Python stack report it.
VectorStoreFileInput read_file(const RequestContext& context, FilesApi& files, const std::string& file_id) {
  VectorStoreFileInput in;
  in.file_id = file_id;
  try {
    const json::object meta = files.retrieve(context, file_id);
    if (const json::value* name = meta.if_contains("filename"); name != nullptr && name->is_string())
      in.filename = std::string(name->as_string());
    FilesApi::Content content = files.content(context, file_id);
    in.content_type = std::move(content.content_type);
    in.data = std::move(content.data);
  } catch (const NotFoundError& e) {
    in.error = e.what();
  }
  return in;
}

std::vector<VectorStoreFileInput> read_files(RouteServices& s, const RequestContext& context, const json::value* ids,
                                             const std::string& op) {
  if (ids == nullptr || ids->is_null()) return {};
  if (!ids->is_array()) throw InvalidRequestError(op + ": parameter 'file_ids' must be a list of file ids");
  std::vector<std::string> names;
  for (const auto& id : ids->as_array()) {
    if (!id.is_string() || id.as_string().empty())
      throw InvalidRequestError(op + ": parameter 'file_ids' must be a list of file ids");
    names.emplace_back(id.as_string());
  }
  if (names.size() > 500) throw InvalidRequestError(op + ": parameter 'file_ids' lists more than 500 files");
  std::vector<VectorStoreFileInput> out;
  if (names.empty()) return out;
  FilesApi& files = files_api(s, op);
  for (const auto& name : names) out.push_back(read_file(context, files, name));
  return out;
}

VectorStoreFileQuery file_query(const RouteRequest& r, const char* op) {
  VectorStoreFileQuery q;
  q.limit = integer_query_param(r, op, "limit", 20, 1, 100);
  q.ascending = ascending_order_param(r, op);
  q.after = query_param(r, "after").value_or("");
  q.before = query_param(r, "before").value_or("");
  q.status = query_param(r, "filter").value_or("");
  return q;
}

RouteResponse attach(RouteServices& s, const RouteRequest& r) {
  const std::string id = store_id(r);
  const std::string op = "attach file to vector store '" + id + "'";
  const json::object body = flattened(r.body);
  const std::string file_id = string_param(body, op, "file_id", true);
  VectorIoRouter& router = router_of(s);
  router.retrieve_vector_store(r.context, id);  // an unknown store is a 404 before the file is read
  return {router.attach_file(r.context, id, read_file(r.context, files_api(s, op), file_id), body), nullptr};
}

RouteResponse list_files(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).list_files(r.context, store_id(r), file_query(r, "list vector store files")), nullptr};
}

RouteResponse retrieve_file(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).retrieve_file(r.context, store_id(r), path_param(r, "file_id")), nullptr};
}

RouteResponse file_contents(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).file_contents(r.context, store_id(r), path_param(r, "file_id")), nullptr};
}

RouteResponse update_file(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).update_file(r.context, store_id(r), path_param(r, "file_id"), flattened(r.body)), nullptr};
}

RouteResponse delete_file(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).delete_file(r.context, store_id(r), path_param(r, "file_id")), nullptr};
}

RouteResponse create_batch(RouteServices& s, const RouteRequest& r) {
  const std::string id = store_id(r);
  const std::string op = "create file batch in vector store '" + id + "'";
  const json::object body = flattened(r.body);
  VectorIoRouter& router = router_of(s);
  router.retrieve_vector_store(r.context, id);
  const json::value* ids = body.if_contains("file_ids");
  if (ids == nullptr || !ids->is_array() || ids->as_array().empty())
    throw InvalidRequestError(op + ": parameter 'file_ids' must list at least one file id");
  return {router.create_file_batch(r.context, id, read_files(s, r.context, ids, op), body), nullptr};
}

RouteResponse retrieve_batch(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).retrieve_file_batch(r.context, store_id(r), path_param(r, "batch_id")), nullptr};
}

RouteResponse list_batch_files(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).list_file_batch_files(r.context, store_id(r), path_param(r, "batch_id"),
                                             file_query(r, "list file batch files")),
          nullptr};
}

RouteResponse cancel_batch(RouteServices& s, const RouteRequest& r) {
  return {router_of(s).cancel_file_batch(r.context, store_id(r), path_param(r, "batch_id")), nullptr};
}

}  // namespace

std::vector<VectorStoreFileInput> read_store_files(RouteServices& services, const RequestContext& context,
                                                   const json::value* file_ids) {
  return read_files(services, context, file_ids, "create vector store");
}

json::object attach_store_files(const RequestContext& context, VectorIoRouter& router, const json::object& store,
                                const std::vector<VectorStoreFileInput>& files, const json::object& create_params) {
  if (files.empty()) return store;
  const std::string id(store.at("id").as_string());
  json::object params;
  if (const json::value* c = create_params.if_contains("chunking_strategy")) params["chunking_strategy"] = *c;
  for (const auto& f : files) router.attach_file(context, id, f, params);
  return router.retrieve_vector_store(context, id);
}

std::vector<ApiRoute> vector_io_file_routes() {
  // Longer paths first: the first route that fits answers.
  return {{"GET", "/v1/vector_stores/{vector_store_id}/files/{file_id}/content", &file_contents},
          {"GET", "/v1/vector_stores/{vector_store_id}/files/{file_id}", &retrieve_file},
          {"POST", "/v1/vector_stores/{vector_store_id}/files/{file_id}", &update_file},
          {"DELETE", "/v1/vector_stores/{vector_store_id}/files/{file_id}", &delete_file},
          {"POST", "/v1/vector_stores/{vector_store_id}/files", &attach},
          {"GET", "/v1/vector_stores/{vector_store_id}/files", &list_files},
          {"GET", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/files", &list_batch_files},
          {"POST", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}/cancel", &cancel_batch},
          {"GET", "/v1/vector_stores/{vector_store_id}/file_batches/{batch_id}", &retrieve_batch},
          {"POST", "/v1/vector_stores/{vector_store_id}/file_batches", &create_batch}};
}

}  // namespace llama_stack
