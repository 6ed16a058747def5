#include "stack/apis/vector_io/vector_stores_config.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

[[noreturn]] void bad(const ConfigSections& config, const std::string& key, const std::string& why) {
  throw ConfigError(config.source + ": vector_stores." + key + ": " + why);
}

std::string string_key(const ConfigSections& config, const json::object& o, const std::string& prefix,
                       const char* key, bool required) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) {
    if (required) bad(config, prefix + key, "is required");
    return {};
  }
  if (!v->is_string()) bad(config, prefix + key, "must be a string");
  return std::string(v->as_string());
}

// The provider ids the config lists for `api`; empty `id` is not checked.
void check_provider(const ConfigSections& config, const std::string& key, const std::string& id,
                    const char* api) {
  std::string known;
  if (auto it = config.provider_ids.find(api); it != config.provider_ids.end()) {
    for (const auto& provider_id : it->second) {
      if (provider_id == id) return;
      known += (known.empty() ? "" : ", ") + provider_id;
    }
  }
  bad(config, key,
      "provider '" + id + "' is not one of this config's " + api + " providers (" +
          (known.empty() ? "none" : known) + ")");
}

}  // namespace

VectorStoresDefaults vector_stores_defaults(const ConfigSections& config) {
  VectorStoresDefaults d;
  const json::value* section = config.sections.if_contains("vector_stores");
  if (section == nullptr || section->is_null()) return d;
  if (!section->is_object()) throw ConfigError(config.source + ": vector_stores: must be a mapping");
  d.configured = true;
  const json::object& s = section->as_object();
  d.default_provider_id = string_key(config, s, "", "default_provider_id", false);
  if (!d.default_provider_id.empty())
    check_provider(config, "default_provider_id", d.default_provider_id, "vector_io");
  if (const json::value* m = s.if_contains("default_embedding_model"); m != nullptr && !m->is_null()) {
    if (!m->is_object()) bad(config, "default_embedding_model", "must be a mapping {provider_id, model_id}");
    const std::string prefix = "default_embedding_model.";
    const std::string provider = string_key(config, m->as_object(), prefix, "provider_id", true);
    const std::string model = string_key(config, m->as_object(), prefix, "model_id", true);
    check_provider(config, prefix + "provider_id", provider, "inference");
    d.default_embedding_model = provider + "/" + model;
  }
  return d;
}

}  // namespace llama_stack
