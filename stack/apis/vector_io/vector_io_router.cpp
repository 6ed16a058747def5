#include "stack/apis/vector_io/vector_io_router.hpp"

#include <llama_stack/json_fields.hpp>
#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

std::string store_id_of(const json::object& body, const char* operation) {
  for (const char* key : {"vector_db_id", "vector_store_id"})
    if (const json::value* v = body.if_contains(key); v != nullptr && v->is_string() && !v->as_string().empty())
      return std::string(v->as_string());
  throw InvalidRequestError(std::string(operation) + ": parameter 'vector_db_id' is required");
}

}  // namespace

void VectorIoRouter::add_provider(std::string provider_id, VectorIoProvider& provider) {
  providers_.push_back({std::move(provider_id), &provider});
}

VectorIoProvider& VectorIoRouter::provider_named(const std::string& provider_id) {
  std::string known;
  for (auto& p : providers_) {
    if (p.provider_id == provider_id) return *p.provider;
    known += (known.empty() ? "" : ", ") + p.provider_id;
  }
  throw NotFoundError("vector_io provider '" + provider_id + "' not found (running: " +
                      (known.empty() ? "none" : known) + ")");
}

VectorIoProvider& VectorIoRouter::provider_of(const std::string& vector_store_id) {
  return provider_named(services_.resources.get(kVectorStoreKind, vector_store_id).provider_id);
}

void register_vector_store(ResourceTable& resources, const std::string& provider_id,
                           const json::object& store) {
  ResourceRecord record;
  record.kind = std::string(kVectorStoreKind);
  record.identifier = std::string(store.at("id").as_string());
  record.provider_id = provider_id;
  for (const char* key : {"name", "embedding_model", "embedding_dimension"})
    if (const json::value* v = store.if_contains(key)) record.params[key] = *v;
  resources.add(std::move(record));
}

std::vector<std::string> refresh_vector_stores(ResourceTable& resources,
                                               const std::vector<RoutedProvider>& providers) {
  std::vector<std::string> warnings;
  for (const auto& p : providers) {
    try {
      for (const auto& store : dynamic_cast<VectorIoProvider&>(*p.provider).list_vector_stores())
        register_vector_store(resources, p.provider_id, store);
    } catch (const std::exception& e) {
      warnings.push_back("provider '" + p.provider_id + "': could not list vector stores: " + e.what());
    }
  }
  return warnings;
}

std::vector<json::object> VectorIoRouter::list_vector_stores(const RequestContext& context) {
  std::vector<json::object> out;
  for (const auto& record : services_.resources.list(kVectorStoreKind)) {
    try {
      out.push_back(provider_named(record.provider_id).retrieve_vector_store(context, record.identifier));
    } catch (const NotFoundError&) {
      // A store named in run.yaml that its provider never created.
    }
  }
  return out;
}

// The newer Python router's choice: one provider serves; among several, the
// configured default (an error when it does not run), else an error naming
// them. Without a vector_stores section, the first (the Python stack at
// 007efa6eb, whose starter runs faiss and sqlite-vec, creates stores so).
std::string VectorIoRouter::provider_for_create() const {
  if (providers_.size() == 1 || !defaults_.configured) return providers_.front().provider_id;
  std::string available;
  for (const auto& p : providers_) available += (available.empty() ? "'" : ", '") + p.provider_id + "'";
  available = "[" + available + "]";
  if (!defaults_.default_provider_id.empty()) {
    for (const auto& p : providers_)
      if (p.provider_id == defaults_.default_provider_id) return p.provider_id;
    throw InvalidRequestError("Configured default vector store provider '" + defaults_.default_provider_id +
                              "' not found. Available providers: " + available);
  }
  throw InvalidRequestError(
      "Multiple vector_io providers available. Please specify provider_id in extra_body. Available providers: " +
      available);
}

json::object VectorIoRouter::create_vector_store(const RequestContext& context, const json::object& params) {
  const char* op = "create vector store";
  if (providers_.empty()) throw NotFoundError("no vector_io provider is running");
  json::object forwarded = params;
  // extra_body's fields (the OpenAI client sends them at the top level).
  if (const json::value* extra = params.if_contains("extra_body"); extra != nullptr && extra->is_object()) {
    for (const auto& [k, v] : extra->as_object()) forwarded[k] = v;
    forwarded.erase("extra_body");
  }
  std::string provider_id = string_param(forwarded, op, "provider_id");
  if (provider_id.empty()) provider_id = provider_for_create();
  VectorIoProvider& provider = provider_named(provider_id);

  std::string model = string_param(forwarded, op, "embedding_model");
  if (model.empty()) model = defaults_.default_embedding_model;
  if (model.empty()) {
    for (const auto& m : services_.models.list())
      if (m.model_type == "embedding") {
        model = m.identifier;
        break;
      }
    if (model.empty())
      throw InvalidRequestError(std::string(op) +
                                ": parameter 'embedding_model' is required (no embedding model is registered)");
  }
  const ModelRecord record = services_.models.resolve(model);
  if (record.model_type != "embedding")
    throw InvalidRequestError(std::string(op) + ": parameter 'embedding_model': model '" + model +
                              "' is a " + record.model_type + " model, not an embedding model");
  const json::value* known = record.metadata.if_contains("embedding_dimension");
  const json::value* given = forwarded.if_contains("embedding_dimension");
  if (given != nullptr && !given->is_null()) {
    if (!given->is_int64() && !given->is_uint64())
      throw InvalidRequestError(std::string(op) + ": parameter 'embedding_dimension' must be an integer");
    if (known != nullptr && known->is_number() &&
        known->to_number<long long>() != given->to_number<long long>())
      throw InvalidRequestError(std::string(op) + ": parameter 'embedding_dimension' is " +
                                std::to_string(given->to_number<long long>()) + " but model '" + model +
                                "' has dimension " + std::to_string(known->to_number<long long>()));
  } else if (known != nullptr && known->is_number()) {
    forwarded["embedding_dimension"] = known->to_number<long long>();
  } else {
    throw InvalidRequestError(std::string(op) + ": parameter 'embedding_dimension' is required: model '" +
                              model + "' does not declare its embedding_dimension");
  }
  forwarded["embedding_model"] = model;
  forwarded["provider_id"] = provider_id;
  // The route attaches file_ids once the store exists (vector_io_api.cpp):
  // reading them needs the files API, which the router does not see.
  forwarded.erase("file_ids");
  json::object store = provider.create_vector_store(context, forwarded);
  register_vector_store(services_.resources, provider_id, store);
  return store;
}

json::object VectorIoRouter::retrieve_vector_store(const RequestContext& context, const std::string& id) {
  return provider_of(id).retrieve_vector_store(context, id);
}

json::object VectorIoRouter::update_vector_store(const RequestContext& context, const std::string& id,
                                                 const json::object& params) {
  json::object store = provider_of(id).update_vector_store(context, id, params);
  register_vector_store(services_.resources, services_.resources.get(kVectorStoreKind, id).provider_id, store);
  return store;
}

json::object VectorIoRouter::delete_vector_store(const RequestContext& context, const std::string& id) {
  json::object answer = provider_of(id).delete_vector_store(context, id);
  services_.resources.remove(kVectorStoreKind, id);
  return answer;
}

json::object VectorIoRouter::search_vector_store(const RequestContext& context, const std::string& id,
                                                 const json::object& params) {
  return provider_of(id).search_vector_store(context, id, params);
}

void VectorIoRouter::insert_chunks(const RequestContext& context, const json::object& params) {
  provider_of(store_id_of(params, "insert chunks")).insert_chunks(context, params);
}

json::object VectorIoRouter::query_chunks(const RequestContext& context, const json::object& params) {
  return provider_of(store_id_of(params, "query chunks")).query_chunks(context, params);
}

json::object VectorIoRouter::attach_file(const RequestContext& context, const std::string& id,
                                         const VectorStoreFileInput& file, const json::object& params) {
  return provider_of(id).attach_file(context, id, file, params);
}

json::object VectorIoRouter::list_files(const RequestContext& context, const std::string& id,
                                        const VectorStoreFileQuery& query) {
  return provider_of(id).list_files(context, id, query);
}

json::object VectorIoRouter::retrieve_file(const RequestContext& context, const std::string& id,
                                           const std::string& file_id) {
  return provider_of(id).retrieve_file(context, id, file_id);
}

json::object VectorIoRouter::file_contents(const RequestContext& context, const std::string& id,
                                           const std::string& file_id) {
  return provider_of(id).file_contents(context, id, file_id);
}

json::object VectorIoRouter::update_file(const RequestContext& context, const std::string& id,
                                         const std::string& file_id, const json::object& params) {
  return provider_of(id).update_file(context, id, file_id, params);
}

json::object VectorIoRouter::delete_file(const RequestContext& context, const std::string& id,
                                         const std::string& file_id) {
  return provider_of(id).delete_file(context, id, file_id);
}

json::object VectorIoRouter::create_file_batch(const RequestContext& context, const std::string& id,
                                               const std::vector<VectorStoreFileInput>& files,
                                               const json::object& params) {
  return provider_of(id).create_file_batch(context, id, files, params);
}

json::object VectorIoRouter::retrieve_file_batch(const RequestContext& context, const std::string& id,
                                                 const std::string& batch_id) {
  return provider_of(id).retrieve_file_batch(context, id, batch_id);
}

json::object VectorIoRouter::list_file_batch_files(const RequestContext& context, const std::string& id,
                                                   const std::string& batch_id, const VectorStoreFileQuery& query) {
  return provider_of(id).list_file_batch_files(context, id, batch_id, query);
}

json::object VectorIoRouter::cancel_file_batch(const RequestContext& context, const std::string& id,
                                               const std::string& batch_id) {
  return provider_of(id).cancel_file_batch(context, id, batch_id);
}

}  // namespace llama_stack
