#include "stack/config/run_config.hpp"

#include "stack/config/api_names.hpp"
#include "stack/config/run_config_shape.hpp"
#include "stack/config/split_list.hpp"
#include "stack/config/storage_check.hpp"
#include "stack/config/yaml_json.hpp"

#include <llama_stack/errors.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <map>
#include <set>
#include <sstream>

namespace llama_stack {
namespace {

using config_detail::find_entry;
using config_detail::index_path;
using config_detail::key_path;
using config_detail::Substitution;
using config_detail::YamlDocument;

using Entries = std::vector<std::pair<std::string, YAML::Node>>;

// Reads the typed parts of a run.yaml; everything it does not model is kept
// as JSON so a newer file loses nothing when read by this version.
class RunConfigReader {
 public:
  explicit RunConfigReader(const YamlDocument& document) : doc_(document) {}

  RunConfig read(const YAML::Node& root) {
    config_detail::require_run_config_shape(doc_, root);
    RunConfig config;
    std::optional<std::string> distro_name;
    const Entries top = doc_.entries(root, "");
    const YAML::Node* storage = nullptr;
    const YAML::Node* registered = nullptr;
    bool versioned = false;
    for (const auto& [key, node] : top) {
      if (key == "version") {
        versioned = true;
        config.version = integer(node, key, 0, std::numeric_limits<int>::max());
        if (config.version != kRunConfigVersion)
          doc_.fail(node, key,
                    "version " + std::to_string(config.version) +
                        " is not supported: this stack reads run configs of version " +
                        std::to_string(kRunConfigVersion));
      } else if (key == "image_name") {
        config.image_name = optional_string(node, key).value_or("");
      } else if (key == "distro_name") {
        distro_name = optional_string(node, key);
      } else if (key == "apis") {
        config.apis = string_list(node, key);
        for (std::size_t i = 0; i < config.apis.size(); ++i) {
          require_known_api(config.apis[i], node[i], index_path(key, i));
        }
      } else if (key == "providers") {
        read_providers(node, key, config);
      } else if (key == "registered_resources") {
        registered = &node;
      } else if (is_modeled_resource(key, node)) {
        read_resources(key, node, key, config);  // the older, top-level form
      } else if (key == "server") {
        read_server(node, key, config);
      } else if (key == "external_providers_dir") {
        if (auto dir = optional_string(node, key)) config.external_providers_dir = *dir;
      } else {
        if (key == "storage") storage = &node;
        config.extra[key] = doc_.to_json(node, key);
      }
    }
    if (registered) read_registered_resources(*registered, top, config);
    config_detail::check_storage(doc_, storage, provider_configs_);
    doc_.throw_if_unset();
    if (config.image_name.empty() && distro_name) config.image_name = *distro_name;
    if (!versioned)
      config.warnings.push_back(doc_.source + ": no 'version': read as version " +
                                std::to_string(kRunConfigVersion) + " (add `version: " +
                                std::to_string(kRunConfigVersion) + "`)");
    return config;
  }

 private:
  // Whether `key` is a resource list RunConfig models. Newer Python stacks
  // use a `vector_stores:` mapping for store defaults; only the list form is
  // the registered-stores list.
  static bool is_modeled_resource(const std::string& key, const YAML::Node& node) {
    return key == "models" || key == "shields" || key == "tool_groups" || key == "vector_dbs" ||
           (key == "vector_stores" && !node.IsMap());
  }

  void read_resources(const std::string& key, const YAML::Node& node, const std::string& path,
                      RunConfig& config) const {
    if (key == "models") {
      read_models(node, path, config);
    } else if (key == "shields") {
      read_shields(node, path, config);
    } else if (key == "tool_groups") {
      read_tool_groups(node, path, config);
    } else {
      read_vector_stores(node, path, config);
    }
  }

  // The newer format groups the resource lists under `registered_resources`.
  // The kinds RunConfig does not model (datasets, scoring_fns, benchmarks)
  // go to `extra` under their own names, where the older format's top-level
  // lists go, so that both formats read the same.
  void read_registered_resources(const YAML::Node& node, const Entries& top,
                                 RunConfig& config) const {
    if (node.IsNull()) return;
    const std::string path = "registered_resources";
    for (const auto& [key, list] : doc_.entries(node, path)) {
      const std::string list_path = key_path(path, key);
      const bool modeled = is_modeled_resource(key, list);
      const YAML::Node* at_top = find_entry(top, key);
      if (modeled ? at_top && is_modeled_resource(key, *at_top) : config.extra.contains(key)) {
        doc_.fail(list, list_path,
                  "also given at the top level as '" + key + "'; keep one of them");
      }
      if (modeled) {
        read_resources(key, list, list_path, config);
      } else {
        config.extra[key] = doc_.to_json(list, list_path);
      }
    }
  }

  void require_known_api(const std::string& api, const YAML::Node& node,
                         const std::string& path) const {
    if (is_known_api(api)) return;
    doc_.fail(node, path,
              "unknown api '" + api +
                  "'; the apis of the Llama Stack are: " + join_list(known_api_names()));
  }

  // A string-valued field; null (plain `~`, `null`, empty) gives nullopt.
  std::optional<std::string> optional_string(const YAML::Node& node, const std::string& path,
                                             Substitution mode = Substitution::strict) const {
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    if (!node.IsScalar()) doc_.fail(node, path, "expected a string");
    auto value = doc_.scalar(node, path, mode);
    if (value.plain && config_detail::resolve_plain_scalar(value.text).is_null()) {
      return std::nullopt;
    }
    return std::move(value.text);
  }

  std::string required_string(const Entries& entries, const YAML::Node& parent,
                              const std::string& parent_path, std::string_view key) const {
    const std::string path = key_path(parent_path, key);
    const YAML::Node* node = find_entry(entries, key);
    if (!node) doc_.fail(parent, path, "required key is missing");
    auto value = optional_string(*node, path);
    if (!value || value->empty()) doc_.fail(*node, path, "must not be empty");
    return *value;
  }

  std::int64_t integer(const YAML::Node& node, const std::string& path, std::int64_t min,
                       std::int64_t max) const {
    if (!node.IsScalar()) doc_.fail(node, path, "expected an integer");
    // Quoted digits are accepted too: older files write `version: '2'`.
    const auto scalar = doc_.scalar(node, path);
    if (scalar.unresolved) return min;  // the unset variable is the error to report
    const std::string& text = scalar.text;
    const boost::json::value value = config_detail::resolve_plain_scalar(text);
    if (!value.is_int64()) doc_.fail(node, path, "expected an integer, found '" + text + "'");
    const std::int64_t number = value.get_int64();
    if (number < min || number > max) {
      doc_.fail(node, path,
                "value " + text + " is out of range [" + std::to_string(min) + ", " +
                    std::to_string(max) + "]");
    }
    return number;
  }

  boost::json::object object(const YAML::Node& node, const std::string& path,
                             Substitution mode = Substitution::strict) const {
    if (!node.IsDefined() || node.IsNull()) return {};
    if (!node.IsMap()) doc_.fail(node, path, "expected a mapping");
    return doc_.to_json(node, path, mode).as_object();
  }

  std::vector<YAML::Node> sequence(const YAML::Node& node, const std::string& path) const {
    if (!node.IsDefined() || node.IsNull()) return {};
    if (!node.IsSequence()) doc_.fail(node, path, "expected a sequence");
    return {node.begin(), node.end()};
  }

  std::vector<std::string> string_list(const YAML::Node& node, const std::string& path) const {
    std::vector<std::string> out;
    const auto items = sequence(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      auto value = optional_string(items[i], index_path(path, i));
      if (!value || value->empty()) doc_.fail(items[i], index_path(path, i), "must not be empty");
      out.push_back(std::move(*value));
    }
    return out;
  }

  // Resources (models, shields, ...) whose provider_id is given but
  // substitutes to empty belong to a disabled provider and are skipped, as
  // the Python stack skips registering them.
  bool disabled_resource(const Entries& entries, const std::string& path) const {
    const YAML::Node* node = find_entry(entries, "provider_id");
    if (!node) return false;
    auto id = optional_string(*node, key_path(path, "provider_id"));
    return !id || id->empty();
  }

  std::string optional_field(const Entries& entries, const std::string& path,
                             std::string_view key) const {
    const YAML::Node* node = find_entry(entries, key);
    if (!node) return {};
    return optional_string(*node, key_path(path, key)).value_or("");
  }

  // Fields the struct does not model go into its JSON member instead of
  // being dropped; a clash with a key already there is the user's mistake.
  void keep_unknown(const Entries& entries, const std::set<std::string_view>& known,
                    const std::string& path, std::string_view member,
                    boost::json::object& into) const {
    for (const auto& [key, node] : entries) {
      if (known.contains(key)) continue;
      const std::string field_path = key_path(path, key);
      if (into.contains(key)) {
        doc_.fail(node, field_path,
                  "also given in '" + std::string(member) + "'; remove one of them");
      }
      into[key] = doc_.to_json(node, field_path);
    }
  }

  void read_providers(const YAML::Node& node, const std::string& path, RunConfig& config) {
    if (!node.IsDefined() || node.IsNull()) return;
    for (const auto& [api, list] : doc_.entries(node, path)) {
      const std::string api_path = key_path(path, api);
      require_known_api(api, list, api_path);
      // provider_id → the index in config.providers and the entry's path
      std::map<std::string, std::pair<std::size_t, std::string>> ids;
      const auto items = sequence(list, api_path);
      for (std::size_t i = 0; i < items.size(); ++i) {
        const YAML::Node& item = items[i];
        const std::string item_path = index_path(api_path, i);
        const Entries fields = doc_.entries(item, item_path);

        ProviderEntry entry;
        entry.api = api;
        const std::string id_path = key_path(item_path, "provider_id");
        const YAML::Node* id_node = find_entry(fields, "provider_id");
        if (!id_node) doc_.fail(item, id_path, "required key is missing");
        entry.provider_id = optional_string(*id_node, id_path).value_or("");
        entry.provider_type = required_string(fields, item, item_path, "provider_type");
        const bool enabled = !entry.provider_id.empty();

        if (const YAML::Node* config_node = find_entry(fields, "config")) {
          // A disabled provider's block may reference variables only its
          // users set; leave those unexpanded rather than fail the file.
          entry.config = object(*config_node, key_path(item_path, "config"),
                                enabled ? Substitution::strict : Substitution::lenient);
        }
        // `module` names a Python package to import: nothing to do here.

        if (!enabled) {
          config.disabled_providers.push_back(std::move(entry));
          continue;
        }
        if (const YAML::Node* config_node = find_entry(fields, "config")) {
          provider_configs_.emplace_back(key_path(item_path, "config"), *config_node);
        }
        const auto [seen, fresh] =
            ids.try_emplace(entry.provider_id, config.providers.size(), item_path);
        if (fresh) {
          config.providers.push_back(std::move(entry));
          continue;
        }
        ProviderEntry& earlier = config.providers[seen->second.first];
        if (earlier.provider_type != entry.provider_type) {
          doc_.fail(*id_node, id_path,
                    "duplicate provider_id '" + entry.provider_id + "' for api '" + api + "' (" +
                        seen->second.second + " is " + earlier.provider_type + ", this one " +
                        entry.provider_type + ")");
        }
        // The Python stack keys providers by id, so the later entry wins;
        // Python's own nvidia/run-with-safety.yaml relies on that. Do the
        // same, and say so.
        config.warnings.push_back(doc_.where(*id_node, id_path) + ": provider_id '" +
                                  entry.provider_id + "' for api '" + api +
                                  "' given again; this entry replaces " + seen->second.second);
        seen->second.second = item_path;
        earlier = std::move(entry);
      }
    }
  }

  void read_models(const YAML::Node& node, const std::string& path, RunConfig& config) const {
    const auto items = sequence(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = index_path(path, i);
      const Entries fields = doc_.entries(items[i], item_path);
      if (disabled_resource(fields, item_path)) continue;
      ModelEntry model;
      model.model_id = required_string(fields, items[i], item_path, "model_id");
      model.provider_id = optional_field(fields, item_path, "provider_id");
      model.provider_model_id = optional_field(fields, item_path, "provider_model_id");
      if (model.provider_model_id.empty()) model.provider_model_id = model.model_id;
      if (auto type = optional_field(fields, item_path, "model_type"); !type.empty()) {
        model.model_type = std::move(type);
      }
      if (const YAML::Node* metadata = find_entry(fields, "metadata")) {
        model.metadata = object(*metadata, key_path(item_path, "metadata"));
      }
      keep_unknown(fields,
                   {"model_id", "provider_id", "provider_model_id", "model_type", "metadata"},
                   item_path, "metadata", model.metadata);
      config.models.push_back(std::move(model));
    }
  }

  void read_shields(const YAML::Node& node, const std::string& path, RunConfig& config) const {
    const auto items = sequence(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = index_path(path, i);
      const Entries fields = doc_.entries(items[i], item_path);
      if (disabled_resource(fields, item_path)) continue;
      ShieldEntry shield;
      shield.shield_id = required_string(fields, items[i], item_path, "shield_id");
      shield.provider_id = optional_field(fields, item_path, "provider_id");
      // Same default as models: the Python stack registers a shield without
      // a provider id under its own id.
      shield.provider_shield_id = optional_field(fields, item_path, "provider_shield_id");
      if (shield.provider_shield_id.empty()) shield.provider_shield_id = shield.shield_id;
      if (const YAML::Node* params = find_entry(fields, "params")) {
        shield.params = object(*params, key_path(item_path, "params"));
      }
      keep_unknown(fields, {"shield_id", "provider_id", "provider_shield_id", "params"}, item_path,
                   "params", shield.params);
      config.shields.push_back(std::move(shield));
    }
  }

  void read_vector_stores(const YAML::Node& node, const std::string& path,
                          RunConfig& config) const {
    const auto items = sequence(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = index_path(path, i);
      const Entries fields = doc_.entries(items[i], item_path);
      if (disabled_resource(fields, item_path)) continue;
      VectorStoreEntry store;
      const bool legacy =
          !find_entry(fields, "vector_store_id") && find_entry(fields, "vector_db_id");
      store.vector_store_id =
          required_string(fields, items[i], item_path, legacy ? "vector_db_id" : "vector_store_id");
      store.provider_id = optional_field(fields, item_path, "provider_id");
      store.embedding_model = optional_field(fields, item_path, "embedding_model");
      if (const YAML::Node* dimension = find_entry(fields, "embedding_dimension");
          dimension && !dimension->IsNull()) {
        store.embedding_dimension =
            static_cast<int>(integer(*dimension, key_path(item_path, "embedding_dimension"), 1,
                                     std::numeric_limits<int>::max()));
      }
      config.vector_stores.push_back(std::move(store));
    }
  }

  void read_tool_groups(const YAML::Node& node, const std::string& path, RunConfig& config) const {
    const auto items = sequence(node, path);
    for (std::size_t i = 0; i < items.size(); ++i) {
      const std::string item_path = index_path(path, i);
      const Entries fields = doc_.entries(items[i], item_path);
      if (disabled_resource(fields, item_path)) continue;
      ToolGroupEntry group;
      group.toolgroup_id = required_string(fields, items[i], item_path, "toolgroup_id");
      group.provider_id = optional_field(fields, item_path, "provider_id");
      if (const YAML::Node* endpoint = find_entry(fields, "mcp_endpoint")) {
        const std::string endpoint_path = key_path(item_path, "mcp_endpoint");
        if (endpoint->IsMap()) {
          const Entries endpoint_fields = doc_.entries(*endpoint, endpoint_path);
          group.mcp_endpoint = required_string(endpoint_fields, *endpoint, endpoint_path, "uri");
        } else {
          // A bare URL is what users write by hand; accept it.
          group.mcp_endpoint = optional_string(*endpoint, endpoint_path);
        }
      }
      if (const YAML::Node* args = find_entry(fields, "args")) {
        group.args = object(*args, key_path(item_path, "args"));
      }
      keep_unknown(fields, {"toolgroup_id", "provider_id", "mcp_endpoint", "args"}, item_path,
                   "args", group.args);
      config.tool_groups.push_back(std::move(group));
    }
  }

  void read_server(const YAML::Node& node, const std::string& path, RunConfig& config) const {
    if (!node.IsDefined() || node.IsNull()) return;
    boost::json::object unmodeled;
    for (const auto& [key, value] : doc_.entries(node, path)) {
      const std::string field_path = key_path(path, key);
      if (key == "port") {
        config.server_port = static_cast<int>(integer(value, field_path, 0, 65535));
      } else {
        unmodeled[key] = doc_.to_json(value, field_path);
      }
    }
    // TLS, auth, host... are not modeled yet; keep them where unknown keys go.
    if (!unmodeled.empty()) config.extra["server"] = std::move(unmodeled);
  }

  const YamlDocument& doc_;
  // Config blocks of enabled providers, for the storage reference check.
  std::vector<std::pair<std::string, YAML::Node>> provider_configs_;
};

}  // namespace

RunConfig parse_run_config(std::string_view yaml_text, const std::string& source_name,
                           const Environment& env) {
  const YAML::Node root = config_detail::parse_yaml(yaml_text, source_name);
  const YamlDocument document{source_name, env};
  RunConfigReader reader(document);
  return reader.read(root);
}

RunConfig load_run_config(const std::filesystem::path& file, const Environment& env) {
  const std::string name = file.string();
  std::error_code ec;
  const auto status = std::filesystem::status(file, ec);
  if (!std::filesystem::exists(status)) {
    throw ConfigError("run config '" + name + "' does not exist");
  }
  if (std::filesystem::is_directory(status)) {
    throw ConfigError("run config '" + name + "' is a directory, expected a run.yaml file");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw ConfigError("cannot open run config '" + name + "': " + std::strerror(errno));
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    throw ConfigError("cannot read run config '" + name + "': " + std::strerror(errno));
  }
  RunConfig config = parse_run_config(text.str(), name, env);
  config.source = file;
  return config;
}

std::string distro_dir(const RunConfig& config) {
  return "~/.llama/distributions/" + (config.image_name.empty() ? std::string("adhoc") : config.image_name);
}

}  // namespace llama_stack
