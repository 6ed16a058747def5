#pragma once
// How the llama-stack subcommands read an option's value.
#include <llama_stack/errors.hpp>

#include <optional>
#include <string>
#include <string_view>
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

}  // namespace llama_stack::cli
