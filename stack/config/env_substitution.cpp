#include "stack/config/env_substitution.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <utility>

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
  std::vector<UnsetReference> unset;
  std::string out = substitute_env(text, env, where, unset);
  if (!unset.empty()) throw_unset(where, unset);
  return out;
}

void throw_unset(const std::string& source, const std::vector<UnsetReference>& unset) {
  // Variables in the order first met, each with all its places.
  std::vector<std::pair<std::string, std::vector<std::string>>> by_variable;
  for (const auto& ref : unset) {
    auto it = std::find_if(by_variable.begin(), by_variable.end(),
                           [&](const auto& entry) { return entry.first == ref.variable; });
    if (it == by_variable.end()) it = by_variable.insert(by_variable.end(), {ref.variable, {}});
    // A value read twice (kept as JSON, then checked) is one place.
    if (std::find(it->second.begin(), it->second.end(), ref.where) == it->second.end()) {
      it->second.push_back(ref.where);
    }
  }
  if (by_variable.size() == 1 && by_variable.front().second.size() == 1) {
    const std::string& var = by_variable.front().first;
    throw ConfigError(by_variable.front().second.front() + ": environment variable '" + var +
                      "' is not set (referenced as '${env." + var +
                      "}'); set it or give a default with '${env." + var + ":=default}'");
  }
  std::string message =
      source + ": " + std::to_string(by_variable.size()) +
      (by_variable.size() == 1 ? " environment variable is" : " environment variables are") +
      " not set:";
  for (const auto& [var, places] : by_variable) {
    message += "\n  '" + var + "' (needed by ";
    for (std::size_t i = 0; i < places.size(); ++i) message += (i ? "; " : "") + places[i];
    message += ")";
  }
  message += "\nset them, or give defaults with '${env.VAR:=default}'";
  throw ConfigError(message);
}

std::string substitute_env(std::string_view text, const Environment& env, const std::string& where,
                           std::vector<UnsetReference>& unset) {
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
      if (value) {
        out.append(*value);
      } else {
        unset.push_back({std::string(name), where});
        out.append(text.substr(start, i + 1 - start));
      }
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
