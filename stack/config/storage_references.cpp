#include "stack/config/storage_references.hpp"

namespace llama_stack {

namespace json = boost::json;

namespace {

const json::object* backends_of(const RunConfig& config) {
  const json::value* storage = config.extra.if_contains("storage");
  if (storage == nullptr || !storage->is_object()) return nullptr;
  const json::value* backends = storage->as_object().if_contains("backends");
  return backends != nullptr && backends->is_object() ? &backends->as_object() : nullptr;
}

std::string older_type(std::string_view type) {
  for (std::string_view prefix : {"kv_", "sql_"})
    if (type.starts_with(prefix)) return std::string(type.substr(prefix.size()));
  return std::string(type);
}

json::value resolved(const json::value& value, const json::object* backends) {
  if (value.is_array()) {
    json::array out;
    for (const auto& item : value.as_array()) out.push_back(resolved(item, backends));
    return out;
  }
  if (!value.is_object()) return value;
  const json::object& in = value.as_object();
  json::object out;
  const json::value* name = in.if_contains("backend");
  const json::value* backend = name != nullptr && name->is_string() && backends != nullptr
                                   ? backends->if_contains(name->as_string())
                                   : nullptr;
  if (backend != nullptr && backend->is_object()) {
    for (const auto& [k, v] : backend->as_object())
      out[k] = k == "type" && v.is_string() ? json::value(older_type(v.as_string())) : v;
    for (const auto& [k, v] : in)
      if (k != "backend") out[k] = v;
    return out;
  }
  for (const auto& [k, v] : in) out[k] = resolved(v, backends);
  return out;
}

}  // namespace

json::object resolve_storage_references(const json::object& provider_config,
                                        const RunConfig& config) {
  return resolved(provider_config, backends_of(config)).as_object();
}

json::object stack_store_config(const RunConfig& config, std::string_view name) {
  const std::string older = std::string(name) + "_store";
  if (const json::value* v = config.extra.if_contains(older); v != nullptr && v->is_object())
    return resolved(*v, backends_of(config)).as_object();
  const json::value* storage = config.extra.if_contains("storage");
  if (storage == nullptr || !storage->is_object()) return {};
  const json::value* stores = storage->as_object().if_contains("stores");
  if (stores == nullptr || !stores->is_object()) return {};
  const json::value* store = stores->as_object().if_contains(name);
  if (store == nullptr || !store->is_object()) return {};
  return resolved(*store, backends_of(config)).as_object();
}

}  // namespace llama_stack
