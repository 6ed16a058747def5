#pragma once
// ${env.VAR}, ${env.VAR:=default} and ${env.VAR:+value} in run.yaml scalars.
#include "stack/config/environment.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// Replaces every ${env...} reference in `text`.
//   ${env.VAR}          value of VAR; ConfigError naming VAR and `where` if unset
//   ${env.VAR:=default} value of VAR if set and non-empty, else default
//   ${env.VAR:+value}   value if VAR is set and non-empty, else ""
// `where` locates the scalar for error messages, "<file>: <key path>"
// (run.yaml parsing passes "<file>:<line>: <key path>").
std::string substitute_env(std::string_view text, const Environment& env, const std::string& where);

// A ${env.VAR} without default whose VAR is unset, and where it was met.
struct UnsetReference {
  std::string variable;
  std::string where;
};

// As above, except that an unset ${env.VAR} is appended to `unset` and left
// as written instead of throwing, so that a whole file can report every
// variable it needs at once. Malformed references still throw.
std::string substitute_env(std::string_view text, const Environment& env, const std::string& where,
                           std::vector<UnsetReference>& unset);

// One ConfigError for all of `unset` (not empty): each variable once, with
// every place that needs it. `source` names the file.
[[noreturn]] void throw_unset(const std::string& source, const std::vector<UnsetReference>& unset);

}  // namespace llama_stack
