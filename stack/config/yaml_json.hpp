#pragma once
// Internal to stack/config: turns YAML nodes into JSON values with ${env...}
// substitution and core-schema typing, and builds located error messages.
// Kept out of the public headers so yaml-cpp does not leak to other modules.
#include "stack/config/env_substitution.hpp"
#include "stack/config/environment.hpp"

#include <yaml-cpp/yaml.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack::config_detail {

// What an unresolvable ${env...} reference does: `strict` throws, `lenient`
// keeps the reference verbatim (for blocks of disabled providers, which the
// Python stack does not expand either).
enum class Substitution { strict, lenient };

// One YAML document being read: its name for messages and its environment.
struct YamlDocument {
  std::string source;
  const Environment& env;
  // Unset ${env.VAR} references met so far in strict mode; the reader
  // carries on so that one error can name them all (throw_if_unset).
  mutable std::vector<UnsetReference> unset{};
  // JSON values built from this document so far (to_json), against the
  // limit on what aliases may expand it to.
  mutable std::size_t values_built = 0;

  [[noreturn]] void fail_unset() const { throw_unset(source, unset); }
  void throw_if_unset() const {
    if (!unset.empty()) fail_unset();
  }

  // "<source>:<line>: <path>" (line omitted when yaml-cpp has none, path
  // omitted at the root).
  std::string where(const YAML::Node& node, const std::string& path) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& path,
                         const std::string& problem) const;

  // Key/value pairs of a mapping in file order; rejects non-scalar and
  // duplicate keys rather than silently keeping one of them.
  std::vector<std::pair<std::string, YAML::Node>> entries(const YAML::Node& map,
                                                          const std::string& path) const;

  // The scalar's text after substitution, and whether it was plain (unquoted,
  // untagged) and so subject to core-schema typing. `unresolved`: it names an
  // unset variable (recorded in `unset`), so its text is not a value to check.
  struct Scalar {
    std::string text;
    bool plain;
    bool unresolved = false;
  };
  Scalar scalar(const YAML::Node& node, const std::string& path,
                Substitution mode = Substitution::strict) const;

  // Refuses (ConfigError) an alias cycle, nesting deeper than kMaxDepth and
  // a document expanding to more than kMaxValues values: JSON has no
  // references, so aliases are expanded, and an alias naming a node that
  // contains it, or repeating a large node many times, would otherwise
  // recurse until the stack overflows or memory runs out.
  static constexpr std::size_t kMaxDepth = 256;
  static constexpr std::size_t kMaxValues = 1'000'000;
  boost::json::value to_json(const YAML::Node& node, const std::string& path,
                             Substitution mode = Substitution::strict) const;
};

// The value of `key` among a mapping's entries, or null.
const YAML::Node* find_entry(const std::vector<std::pair<std::string, YAML::Node>>& entries,
                             std::string_view key);

// Parses one YAML document; syntax errors become ConfigError with
// "<source>:<line>:<column>". An empty text gives a Null node.
YAML::Node parse_yaml(std::string_view text, const std::string& source);

// "a mapping", "a sequence", "a scalar", "null", for messages.
std::string describe(YAML::NodeType::value type);

// YAML 1.2 core-schema resolution of a plain scalar.
boost::json::value resolve_plain_scalar(std::string_view text);

// "a.b" / "a[3]", with the root path being "".
std::string key_path(const std::string& parent, std::string_view key);
std::string index_path(const std::string& parent, std::size_t index);

// A whole document that must be a mapping (or empty), as a JSON object.
boost::json::object parse_yaml_object(std::string_view text, const std::string& source,
                                      const Environment& env);

}  // namespace llama_stack::config_detail
