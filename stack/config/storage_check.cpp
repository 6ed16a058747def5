#include "stack/config/storage_check.hpp"

#include "stack/config/split_list.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <string_view>

namespace llama_stack::config_detail {
namespace {

// The Python project's StorageBackendType values.
constexpr std::array<std::string_view, 6> kBackendTypes{"kv_mongodb", "kv_postgres",  "kv_redis",
                                                        "kv_sqlite",  "sql_postgres", "sql_sqlite"};

enum class StoreKind { key_value, sql };

std::string_view kind_name(StoreKind kind) {
  return kind == StoreKind::key_value ? "key-value" : "SQL";
}

class StorageChecker {
 public:
  explicit StorageChecker(const YamlDocument& document) : doc_(document) {}

  void read_backends(const YAML::Node* storage) {
    if (!storage || storage->IsNull()) return;
    has_storage_ = true;
    for (const auto& [key, node] : doc_.entries(*storage, "storage")) {
      if (key != "backends" || node.IsNull()) continue;
      for (const auto& [name, backend] : doc_.entries(node, "storage.backends")) {
        const std::string path = key_path("storage.backends." + name, "type");
        const auto fields = doc_.entries(backend, "storage.backends." + name);
        const YAML::Node* type_node = find_entry(fields, "type");
        if (!type_node) doc_.fail(backend, path, "required key is missing");
        const auto type = doc_.scalar(*type_node, path);
        if (type.unresolved) continue;
        if (std::find(kBackendTypes.begin(), kBackendTypes.end(), type.text) ==
            kBackendTypes.end()) {
          doc_.fail(*type_node, path,
                    "unknown storage backend type '" + type.text +
                        "'; known: " + join_list(kBackendTypes));
        }
        backends_[name] = type.text.starts_with("kv_") ? StoreKind::key_value : StoreKind::sql;
      }
    }
  }

  // Every mapping below `node` that has a `backend` and a `namespace` or
  // `table_name` is a store reference.
  void check_references(const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
      for (std::size_t i = 0; i < node.size(); ++i) check_references(node[i], index_path(path, i));
      return;
    }
    if (!node.IsMap()) return;
    const auto fields = doc_.entries(node, path);
    const YAML::Node* backend = find_entry(fields, "backend");
    std::optional<StoreKind> kind;
    if (find_entry(fields, "namespace")) kind = StoreKind::key_value;
    if (find_entry(fields, "table_name")) kind = StoreKind::sql;
    if (backend && kind && backend->IsScalar()) {
      check_reference(*backend, key_path(path, "backend"), *kind);
      return;
    }
    for (const auto& [key, value] : fields) check_references(value, key_path(path, key));
  }

 private:
  void check_reference(const YAML::Node& node, const std::string& path, StoreKind kind) {
    const auto name = doc_.scalar(node, path);
    if (name.unresolved) return;
    if (!has_storage_) {
      doc_.fail(node, path,
                "names storage backend '" + name.text +
                    "', but the file has no 'storage:' section defining backends");
    }
    const auto it = backends_.find(name.text);
    if (it == backends_.end()) {
      std::vector<std::string> defined;
      for (const auto& [backend, _] : backends_) defined.push_back(backend);
      doc_.fail(node, path,
                "unknown storage backend '" + name.text + "'; defined in storage.backends: " +
                    (defined.empty() ? std::string("none") : join_list(defined)));
    }
    if (it->second != kind) {
      doc_.fail(node, path,
                "a " + std::string(kind_name(kind)) + " store on storage backend '" + name.text +
                    "', which is a " + std::string(kind_name(it->second)) + " backend");
    }
  }

  const YamlDocument& doc_;
  bool has_storage_ = false;
  std::map<std::string, StoreKind> backends_;
};

}  // namespace

void check_storage(const YamlDocument& document, const YAML::Node* storage,
                   const std::vector<std::pair<std::string, YAML::Node>>& provider_configs) {
  StorageChecker checker(document);
  checker.read_backends(storage);
  if (storage && !storage->IsNull()) {
    for (const auto& [key, node] : document.entries(*storage, "storage")) {
      if (key != "stores" || node.IsNull()) continue;
      for (const auto& [name, store] : document.entries(node, "storage.stores")) {
        const std::string path = "storage.stores." + name;
        if (store.IsNull()) continue;
        const auto fields = document.entries(store, path);  // a mapping, or an error
        if (!find_entry(fields, "backend")) {
          document.fail(store, key_path(path, "backend"),
                        "required key is missing: a store names the backend it is kept on");
        }
        checker.check_references(store, path);
      }
    }
  }
  for (const auto& [path, config] : provider_configs) checker.check_references(config, path);
}

}  // namespace llama_stack::config_detail
