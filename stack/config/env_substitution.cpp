#include "stack/config/env_substitution.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {
namespace {

constexpr std::string_view kOpener = "${env.";

bool is_name_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

// The reference as written, for error messages; cut short so a long scalar
// does not drown the message.
std::string excerpt(std::string_view text, std::size_t start) {
  std::string_view rest = text.substr(start);
  if (auto close = rest.find('}'); close != std::string_view::npos)
    rest = rest.substr(0, close + 1);
  constexpr std::size_t kMax = 60;
  if (rest.size() > kMax) return std::string(rest.substr(0, kMax)) + "...";
  return std::string(rest);
}

[[noreturn]] void malformed(const std::string& where, std::string_view text, std::size_t start,
                            const std::string& problem) {
  throw ConfigError(where + ": malformed environment reference '" + excerpt(text, start) +
                    "': " + problem);
}

}  // namespace

std::string substitute_env(std::string_view text, const Environment& env,
                           const std::string& where) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  for (;;) {
    const std::size_t start = text.find(kOpener, pos);
    if (start == std::string_view::npos) {
      out.append(text.substr(pos));
      return out;
    }
    out.append(text.substr(pos, start - pos));

    std::size_t i = start + kOpener.size();
    const std::size_t name_begin = i;
    while (i < text.size() && is_name_char(text[i])) ++i;
    const std::string_view name = text.substr(name_begin, i - name_begin);
    if (name.empty()) {
      malformed(where, text, start, "expected a variable name after '${env.'");
    }
    if (i >= text.size()) malformed(where, text, start, "missing '}'");

    if (text[i] == '}') {
      const auto value = env.get(name);
      if (!value) {
        const std::string var(name);
        throw ConfigError(where + ": environment variable '" + var +
                          "' is not set (referenced as '${env." + var +
                          "}'); set it or give a default with '${env." + var + ":=default}'");
      }
      out.append(*value);
      pos = i + 1;
      continue;
    }

    if (text[i] != ':' || i + 1 >= text.size() || (text[i + 1] != '=' && text[i + 1] != '+')) {
      malformed(where, text, start,
                "expected '}', ':=' or ':+' after the variable name '" + std::string(name) + "'");
    }
    const char op = text[i + 1];
    const std::size_t arg_begin = i + 2;
    const std::size_t close = text.find('}', arg_begin);
    if (close == std::string_view::npos) malformed(where, text, start, "missing '}'");
    const std::string_view arg = text.substr(arg_begin, close - arg_begin);
    // The default ends at the first '}', so a nested reference would be cut
    // in half and its tail left in the output; refuse it instead.
    if (arg.find(kOpener) != std::string_view::npos) {
      malformed(where, text, start, "nested references are not supported");
    }

    const auto value = env.get(name);
    const bool set_non_empty = value && !value->empty();
    if (op == '=') {
      out.append(set_non_empty ? std::string_view(*value) : arg);
    } else if (set_non_empty) {
      out.append(arg);
    }
    pos = close + 1;
  }
}

}  // namespace llama_stack
