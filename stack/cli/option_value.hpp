#pragma once
// How the llama-stack subcommands read an option's value.
#include <llama_stack/errors.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack::cli {

// The value of `flag` when args[i] is that flag: "--flag value" (i then
// moves past the value) or "--flag=value"; nullopt when args[i] is another
// word. InvalidRequestError when the flag is last and has no value.
inline std::optional<std::string> option_value(const std::vector<std::string>& args,
                                               std::size_t& i, std::string_view flag) {
  const std::string& a = args[i];
  if (a == flag) {
    if (i + 1 >= args.size()) throw InvalidRequestError(std::string(flag) + " needs a value");
    return args[++i];
  }
  if (a.size() > flag.size() && a.starts_with(flag) && a[flag.size()] == '=')
    return a.substr(flag.size() + 1);
  return std::nullopt;
}

// "KEY=VALUE" (for --env, --param) split at its first '='; InvalidRequestError
// naming `flag` and what was given when there is no '=' or no KEY.
inline std::pair<std::string, std::string> key_value(std::string_view flag, const std::string& kv,
                                                     std::string_view value_name = "VALUE") {
  const auto eq = kv.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InvalidRequestError(std::string(flag) + " expects KEY=" + std::string(value_name) +
                              ", got '" + kv + "'");
  return {kv.substr(0, eq), kv.substr(eq + 1)};
}

}  // namespace llama_stack::cli
