#pragma once
// RFC 3986 percent-encoding, one codec for the stack and its providers (the
// server's query strings and paths, a provider's upstream query, an SQLite
// URI path). ASCII classes by hand: std::isalnum would follow the C locale.
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::percent {

// Every byte but the unreserved ones (ALPHA DIGIT - . _ ~) and those in
// `keep` (a caller's sub-delimiters, e.g. "/" in a path) as %XX, upper-case
// hex; UTF-8 is encoded byte by byte.
inline std::string encode(std::string_view text, std::string_view keep = "") {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                            c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved || keep.find(ch) != std::string_view::npos) {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xf];
    }
  }
  return out;
}

namespace detail {
inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace detail

// `text` with each %XX decoded, and with `plus_is_space` (form-encoded query
// strings) '+' as a space; nullopt on a malformed escape ('%' not followed by
// two hex digits), for the caller to report in its own terms.
inline std::optional<std::string> decode(std::string_view text, bool plus_is_space = false) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (plus_is_space && text[i] == '+') {
      out += ' ';
    } else if (text[i] != '%') {
      out += text[i];
    } else {
      const int hi = i + 2 < text.size() ? detail::hex_digit(text[i + 1]) : -1;
      const int lo = hi >= 0 ? detail::hex_digit(text[i + 2]) : -1;
      if (lo < 0) return std::nullopt;
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    }
  }
  return out;
}

}  // namespace llama_stack::percent
