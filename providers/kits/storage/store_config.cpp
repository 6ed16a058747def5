#include "providers/kits/storage/store_config.hpp"

#include <llama_stack/errors.hpp>

#include <cstdlib>

namespace llama_stack::storage {

std::filesystem::path expand_home(std::string_view path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : "") / std::string(path.substr(path.size() > 1 ? 2 : 1));
  }
  return std::filesystem::path(std::string(path));
}

StoreConfig store_config(const ProviderConfig& config, std::string_view key,
                         std::string_view fallback_file) {
  const std::string where = "provider '" + config.provider_id() + "': " + std::string(key);
  const boost::json::value* v = config.values().if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (fallback_file.empty()) throw ConfigError(where + " is required (type: sqlite, db_path: ...)");
    return {expand_home("~/.llama/distributions/" + config.provider_id() + "/" + std::string(fallback_file)), {}};
  }
  if (!v->is_object()) throw ConfigError(where + " must be a mapping (type: sqlite, db_path: ...)");
  const auto& store = v->as_object();
  const boost::json::value* type = store.if_contains("type");
  const std::string type_name = type != nullptr && type->is_string() ? std::string(type->as_string()) : "sqlite";
  if (type_name != "sqlite")
    throw ConfigError(where + ": type '" + type_name +
                      "' is not supported by llama-stack-cpp: use type: sqlite");
  const boost::json::value* path = store.if_contains("db_path");
  if (path == nullptr || !path->is_string() || path->as_string().empty())
    throw ConfigError(where + ": db_path is required");
  StoreConfig out{expand_home(path->as_string()), {}};
  for (const char* name_key : {"namespace", "table_name"})
    if (const auto* n = store.if_contains(name_key); n != nullptr && n->is_string())
      out.name = std::string(n->as_string());
  return out;
}

}  // namespace llama_stack::storage
