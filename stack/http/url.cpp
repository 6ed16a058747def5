#include "stack/http/url.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/url_userinfo.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>

namespace llama_stack::http_io {

namespace {

[[noreturn]] void bad_url(std::string_view url, const std::string& problem) {
  const std::string shown = printable_url(url);
  throw ConnectionError(shown, "invalid URL '" + shown + "': " + problem);
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_host_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~' || c == '%';
}

}  // namespace

std::string printable_url(std::string_view url) {
  return url_userinfo::hidden(url, url_userinfo::find(url));
}

bool Url::is_ipv6_literal() const noexcept { return host.find(':') != std::string::npos; }

std::string Url::host_header() const {
  std::string out = is_ipv6_literal() ? "[" + host + "]" : host;
  const std::uint16_t default_port = is_tls() ? 443 : 80;
  if (port != default_port) out += ":" + std::to_string(port);
  return out;
}

std::string Url::origin() const {
  const std::string h = is_ipv6_literal() ? "[" + host + "]" : host;
  return scheme + "://" + h + ":" + std::to_string(port);
}

Url parse_url(std::string_view url) {
  Url out;
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) bad_url(url, "missing scheme (expected http:// or https://)");
  out.scheme = lower(url.substr(0, scheme_end));
  if (out.scheme != "http" && out.scheme != "https")
    bad_url(url, "unsupported scheme '" + out.scheme + "' (expected http or https)");

  std::string_view rest = url.substr(scheme_end + 3);
  if (const auto hash = rest.find('#'); hash != std::string_view::npos) rest = rest.substr(0, hash);
  const auto authority_end = rest.find_first_of("/?");
  const std::string_view authority = rest.substr(0, authority_end);
  std::string_view target =
      authority_end == std::string_view::npos ? std::string_view{} : rest.substr(authority_end);

  if (authority.empty()) bad_url(url, "missing host");
  // Credentials in a URL would end up in logs and error messages; API keys
  // belong in headers.
  if (authority.find('@') != std::string_view::npos) bad_url(url, "credentials in the URL are not supported");

  std::string_view host;
  std::string_view port_text;
  if (authority.front() == '[') {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) bad_url(url, "unterminated IPv6 address");
    host = authority.substr(1, close - 1);
    const std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') bad_url(url, "unexpected characters after IPv6 address");
      port_text = after.substr(1);
      if (port_text.empty()) bad_url(url, "empty port");
    }
    if (host.empty() || host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string_view::npos)
      bad_url(url, "invalid IPv6 address '" + std::string(host) + "'");
  } else {
    const auto colon = authority.rfind(':');
    host = authority.substr(0, colon);
    if (colon != std::string_view::npos) {
      port_text = authority.substr(colon + 1);
      if (port_text.empty()) bad_url(url, "empty port");
    }
    if (host.empty()) bad_url(url, "missing host");
    if (!std::all_of(host.begin(), host.end(), is_host_char))
      bad_url(url, "invalid host '" + std::string(host) + "'");
  }

  out.host = lower(host);
  if (port_text.empty()) {
    out.port = out.is_tls() ? 443 : 80;
  } else {
    unsigned value = 0;
    const auto* end = port_text.data() + port_text.size();
    const auto [ptr, ec] = std::from_chars(port_text.data(), end, value);
    if (ec != std::errc{} || ptr != end || value == 0 || value > 65535)
      bad_url(url, "invalid port '" + std::string(port_text) + "'");
    out.port = static_cast<std::uint16_t>(value);
  }

  if (target.empty()) {
    out.target = "/";
  } else if (target.front() == '?') {
    out.target = "/" + std::string(target);
  } else {
    out.target = std::string(target);
  }
  if (out.target.find_first_of(" \t\r\n") != std::string::npos)
    bad_url(url, "whitespace in path (it must be percent-encoded)");
  return out;
}

}  // namespace llama_stack::http_io
