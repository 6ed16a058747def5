#pragma once
// Where a URL's credentials are: the userinfo of its authority
// ("https://user:password@host/..."), one rule for every place that shows a
// URL (errors, logs) or records one, so none of them prints a password
// another would have hidden.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::url_userinfo {

// [begin, at) is the userinfo; `at` is the '@' that ends it.
struct Span {
  std::size_t begin = 0;
  std::size_t at = 0;
};

// The userinfo of `url`'s authority: after "://" (from the start when the
// URL has no scheme, as a config value may be written), up to the last '@'
// before the path, query or fragment. nullopt when there is none, so an '@'
// in a path ("http://host/a@b") is not taken for one.
inline std::optional<Span> find(std::string_view url) {
  const auto scheme_end = url.find("://");
  const std::size_t authority = scheme_end == std::string_view::npos ? 0 : scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", authority);
  const auto at = url.substr(0, authority_end).rfind('@');
  if (at == std::string_view::npos || at < authority) return std::nullopt;
  return Span{authority, at};
}

// A URL as a user typed it in a config, where a password may hold a raw
// '/', '?' or '#': everything up to the last '@' after the scheme (or from
// the start) is taken for userinfo. Hides more than find() on an '@' in a
// path, never less.
inline std::optional<Span> find_in_value(std::string_view value) {
  const auto at = value.rfind('@');
  if (at == std::string_view::npos) return std::nullopt;
  const auto scheme_end = value.find("://");
  const std::size_t begin = scheme_end != std::string_view::npos && scheme_end < at ? scheme_end + 3 : 0;
  return Span{begin, at};
}

// `url` with the userinfo `span` replaced by `marker` ("" drops it with its '@'): hidden(url, find(url)).
inline std::string hidden(std::string_view url, std::optional<Span> span,
                          std::string_view marker = "<redacted>") {
  if (!span) return std::string(url);
  std::string out(url.substr(0, span->begin));
  if (!marker.empty()) {
    out += marker;
    out += url.substr(span->at);
  } else {
    out += url.substr(span->at + 1);
  }
  return out;
}

}  // namespace llama_stack::url_userinfo
