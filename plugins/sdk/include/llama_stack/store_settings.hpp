#pragma once
// Where a store lives, read from its settings mapping: the older format's
// inline form (`kvstore: {type: sqlite, db_path: ..., namespace: ...}`,
// `inference_store: {type: sqlite, db_path: ..., table_name: ...}`), which
// the stack also makes of the newer format's backend references
// (`persistence: {backend: kv_default, namespace: ...}`). One reader for the
// stack's own stores and the providers' stores, so every store accepts the
// same settings and refuses the same ones with the same words.
#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace llama_stack {

struct StoreSettings {
  std::filesystem::path db_path;  // `~` expanded
  // The newer format's namespace, or the table_name: what a store that
  // shares its database names its tables after; may be empty.
  std::string name;
};

// "~/x" → "$HOME/x"; other paths unchanged.
inline std::filesystem::path expand_home(std::string_view path) {
  if (path == "~" || path.starts_with("~/")) {
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home != nullptr ? home : "") /
           std::string(path.substr(path.size() > 1 ? 2 : 1));
  }
  return std::filesystem::path(std::string(path));
}

// ConfigError starting with `where` ("provider 'files': metadata_store",
// "inference_store") for a type other than sqlite or a missing db_path.
inline StoreSettings read_store_settings(const boost::json::object& store, const std::string& where) {
  const boost::json::value* type = store.if_contains("type");
  const std::string type_name =
      type != nullptr && type->is_string() ? std::string(type->as_string()) : "sqlite";
  if (type_name != "sqlite")
    throw ConfigError(where + ": type '" + type_name +
                      "' is not supported by llama-stack-cpp: use type: sqlite");
  const boost::json::value* path = store.if_contains("db_path");
  if (path == nullptr || !path->is_string() || path->as_string().empty())
    throw ConfigError(where + ": db_path is required");
  StoreSettings out{expand_home(path->as_string()), {}};
  for (const char* name_key : {"namespace", "table_name"})
    if (const auto* n = store.if_contains(name_key); n != nullptr && n->is_string())
      out.name = std::string(n->as_string());
  return out;
}

}  // namespace llama_stack
