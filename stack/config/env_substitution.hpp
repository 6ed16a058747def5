#pragma once
// ${env.VAR}, ${env.VAR:=default} and ${env.VAR:+value} in run.yaml scalars.
#include "stack/config/environment.hpp"

#include <string>
#include <string_view>

namespace llama_stack {

// Replaces every ${env...} reference in `text`.
//   ${env.VAR}          value of VAR; ConfigError naming VAR and `where` if unset
//   ${env.VAR:=default} value of VAR if set and non-empty, else default
//   ${env.VAR:+value}   value if VAR is set and non-empty, else ""
// `where` locates the scalar for error messages, "<file>: <key path>"
// (run.yaml parsing passes "<file>:<line>: <key path>").
std::string substitute_env(std::string_view text, const Environment& env,
                           const std::string& where);

}  // namespace llama_stack
