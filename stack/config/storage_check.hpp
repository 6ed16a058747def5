#pragma once
// Internal to stack/config: the newer format's `storage:` section. Backends
// are named once (`storage.backends.kv_default: {type: kv_sqlite, ...}`) and
// referenced by name from `storage.stores` and from providers' configs
// (`persistence: {namespace: ..., backend: kv_default}`). A reference to a
// backend that is not defined, or of the wrong kind (a key-value namespace on
// a SQL backend), is an error here rather than when a provider first writes.
#include "stack/config/yaml_json.hpp"

#include <string>
#include <utility>
#include <vector>

namespace llama_stack::config_detail {

// `storage` is null when the file has none (older files). `provider_configs` are the
// config blocks of the enabled providers with their key paths.
void check_storage(const YamlDocument& document, const YAML::Node* storage,
                   const std::vector<std::pair<std::string, YAML::Node>>& provider_configs);

}  // namespace llama_stack::config_detail
