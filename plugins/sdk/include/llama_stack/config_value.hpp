#pragma once
// How a config value's text reads as a boolean, an integer, a duration or a
// URL: one set of rules for the stack (checking a run.yaml before a factory
// runs) and for the provider (reading the checked value), so that what the
// check lets through is what the provider understands. Values arrive as YAML
// scalars or as the text an ${env.X} substitution made of them.
#include <charconv>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::config_value {

// true/false, 1/0, yes/no in any case (YAML's and Python's True/False among them).
inline std::optional<bool> parse_boolean(std::string_view text) {
  auto is = [&](std::string_view word) {
    if (text.size() != word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      char c = text[i];
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c != word[i]) return false;
    }
    return true;
  };
  if (is("true") || is("1") || is("yes")) return true;
  if (is("false") || is("0") || is("no")) return false;
  return std::nullopt;
}

// A whole decimal number, optionally signed; nothing before or after it.
inline std::optional<std::int64_t> parse_integer(std::string_view text) {
  if (text.starts_with('+')) text.remove_prefix(1);
  std::int64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return n;
}

// Durations are whole seconds, bounded so that milliseconds cannot overflow
// and a typo (an hour count given as seconds * 1000) is caught.
inline constexpr std::int64_t kMaxDurationSeconds = 24 * 3600;

inline std::optional<std::chrono::seconds> to_duration(std::int64_t seconds) {
  if (seconds < 1 || seconds > kMaxDurationSeconds) return std::nullopt;
  return std::chrono::seconds(seconds);
}

inline std::string duration_expected() {
  return "expected a number of seconds from 1 to " + std::to_string(kMaxDurationSeconds);
}

// A URL must say how to reach it; "localhost:11434" would be read as a
// scheme "localhost" by some parsers and as a path by others.
inline bool has_url_scheme(std::string_view url) {
  return url.find("://") != std::string_view::npos;
}

}  // namespace llama_stack::config_value
