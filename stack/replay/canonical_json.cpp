#include "stack/replay/canonical_json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

constexpr double kRoundingScale = 1e5;  // 5 decimals
// Beyond this magnitude a double has no fractional digits worth rounding, and
// scaling it could overflow.
constexpr double kRoundingLimit = 1e15;

void append_double(std::string& out, double x, bool round_numbers) {
  if (!std::isfinite(x)) {  // JSON has no spelling for these
    out += "null";
    return;
  }
  if (round_numbers && std::fabs(x) < kRoundingLimit) {
    x = std::round(x * kRoundingScale) / kRoundingScale;
    if (x == 0) x = 0.0;  // -0.0 and 0.0 must hash alike
  }
  // Shortest round-trip digits, spelled as people (and Python) write them:
  // plain for moderate magnitudes ("0.0001"), scientific beyond ("1e-05").
  const double magnitude = std::fabs(x);
  const auto format = magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16)
                          ? std::chars_format::fixed
                          : std::chars_format::scientific;
  std::array<char, 32> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x, format);
  std::string_view text(buf.data(), static_cast<std::size_t>(end - buf.data()));
  out += text;
  // Keep a float a float ("1.0", not "1"): it reads back as a double, so a
  // recording round-trips to the same value and the same key.
  if (text.find_first_of(".e") == std::string_view::npos) out += ".0";
}

template <class Int>
void append_integer(std::string& out, Int x) {
  std::array<char, 24> buf{};
  auto [end, ec] = std::to_chars(buf.data(), buf.data() + buf.size(), x);
  out.append(buf.data(), end);
}

bool needs_escape(char c) {
  return c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20;
}

void append_escaped(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::size_t i = 0;
  while (i < s.size()) {
    // Copy the run of characters that need no escape in one go.
    std::size_t j = i;
    while (j < s.size() && !needs_escape(s[j])) ++j;
    out.append(s.data() + i, j - i);
    if (j == s.size()) break;
    const char c = s[j];
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const auto u = static_cast<unsigned char>(c);
        out += "\\u00";
        out += kHex[u >> 4];
        out += kHex[u & 0xf];
      }
    }
    i = j + 1;
  }
}

void append_string(std::string& out, std::string_view s) {
  out += '"';
  append_escaped(out, s);
  out += '"';
}

void newline(std::string& out, int depth) {
  out += '\n';
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
}

void write_value(std::string& out, const json::value& v, const JsonWriteOptions& options,
                 int depth) {
  switch (v.kind()) {
    case json::kind::null: out += "null"; return;
    case json::kind::bool_: out += v.get_bool() ? "true" : "false"; return;
    case json::kind::int64: append_integer(out, v.get_int64()); return;
    case json::kind::uint64: append_integer(out, v.get_uint64()); return;
    case json::kind::double_: append_double(out, v.get_double(), options.round_numbers); return;
    case json::kind::string:
      // Only a string with a decimal point can hold a literal to round.
      if (options.round_numbers && v.get_string().find('.') != json::string::npos)
        append_string(out, round_decimal_literals(v.get_string()));
      else
        append_string(out, v.get_string());
      return;
    case json::kind::array: {
      const auto& a = v.get_array();
      if (a.empty()) {
        out += "[]";
        return;
      }
      out += '[';
      bool first = true;
      for (const auto& x : a) {
        if (!first) out += ',';
        first = false;
        if (options.pretty) newline(out, depth + 1);
        write_value(out, x, options, depth + 1);
      }
      if (options.pretty) newline(out, depth);
      out += ']';
      return;
    }
    case json::kind::object: {
      const auto& o = v.get_object();
      if (o.empty()) {
        out += "{}";
        return;
      }
      std::vector<const json::key_value_pair*> members;
      members.reserve(o.size());
      for (const auto& kv : o) members.push_back(&kv);
      // Bytewise order of UTF-8 is code point order: independent of locale.
      std::sort(members.begin(), members.end(),
                [](const auto* a, const auto* b) { return a->key() < b->key(); });
      out += '{';
      bool first = true;
      for (const auto* kv : members) {
        if (!first) out += ',';
        first = false;
        if (options.pretty) newline(out, depth + 1);
        append_string(out, kv->key());
        out += options.pretty ? ": " : ":";
        write_value(out, kv->value(), options, depth + 1);
      }
      if (options.pretty) newline(out, depth);
      out += '}';
      return;
    }
  }
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
// Characters that make a number part of something larger (a word, an
// identifier, a dotted version or address).
bool joins_number(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.';
}

}  // namespace

void write_json(std::string& out, const json::value& value, JsonWriteOptions options) {
  write_value(out, value, options, 0);
  if (options.pretty) out += '\n';
}

std::string canonical_json(const json::value& value) {
  std::string out;
  write_json(out, value, {.pretty = false, .round_numbers = true});
  return out;
}

std::string pretty_json(const json::value& value) {
  std::string out;
  write_json(out, value, {.pretty = true, .round_numbers = false});
  return out;
}

std::string compact_json(const json::value& value) {
  std::string out;
  write_json(out, value, {.pretty = false, .round_numbers = false});
  return out;
}

std::string round_decimal_literals(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Copy the run up to the next character that may start a number at once.
    std::size_t run = i;
    while (run < n && !is_digit(text[run]) && text[run] != '-') ++run;
    out.append(text.substr(i, run - i));
    i = run;
    if (i == n) break;
    const char c = text[i];
    const bool starts_number =
        (is_digit(c) || (c == '-' && i + 1 < n && is_digit(text[i + 1]))) &&
        (i == 0 || !joins_number(text[i - 1]));
    if (!starts_number) {
      out += c;
      ++i;
      continue;
    }
    std::size_t j = i + (c == '-' ? 1 : 0);
    while (j < n && is_digit(text[j])) ++j;
    if (j + 1 < n && text[j] == '.' && is_digit(text[j + 1])) {
      std::size_t k = j + 1;
      while (k < n && is_digit(text[k])) ++k;
      if (k - (j + 1) >= 4 && (k == n || !joins_number(text[k]))) {
        const std::string literal(text.substr(i, k - i));
        const double x = std::strtod(literal.c_str(), nullptr);
        std::array<char, 64> buf{};
        const int len = std::snprintf(buf.data(), buf.size(), "%.5f", x);
        if (len > 0 && static_cast<std::size_t>(len) < buf.size()) {
          std::string_view rounded(buf.data(), static_cast<std::size_t>(len));
          if (rounded == "-0.00000") rounded = "0.00000";
          out += rounded;
        } else {
          out += literal;  // too long for the buffer: leave it as written
        }
      } else {
        out.append(text.substr(i, k - i));
      }
      i = k;
    } else {
      out.append(text.substr(i, j - i));
      i = j;
    }
  }
  return out;
}

}  // namespace llama_stack::replay
