#include "providers/kits/storage/store_config.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack::storage {

StoreSettings store_config(const ProviderConfig& config, std::string_view key) {
  const std::string where = "provider '" + config.provider_id() + "': " + std::string(key);
  const boost::json::value* v = config.values().if_contains(key);
  if (v == nullptr || v->is_null()) throw ConfigError(where + " is required (type: sqlite, db_path: ...)");
  if (!v->is_object()) throw ConfigError(where + " must be a mapping (type: sqlite, db_path: ...)");
  return read_store_settings(v->as_object(), where);
}

}  // namespace llama_stack::storage
