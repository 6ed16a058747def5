#pragma once
// The parts of an http(s) URL the client needs to open a connection and write
// a request line. Only what upstream providers use is supported: no userinfo,
// the fragment is dropped.
#include <cstdint>
#include <string>
#include <string_view>

namespace llama_stack::http_io {

struct Url {
  std::string scheme;  // "http" or "https", lower case
  // Host name or address as the resolver wants it: an IPv6 literal is kept
  // without its brackets ("::1").
  std::string host;
  std::uint16_t port = 0;  // explicit port, or 80/443 from the scheme
  std::string target;      // path and query, always starting with '/'

  bool is_tls() const noexcept { return scheme == "https"; }
  bool is_ipv6_literal() const noexcept;
  // The value for the Host header: brackets around IPv6, port only when it
  // is not the scheme's default (servers compare it against their vhosts).
  std::string host_header() const;
  // "scheme://host:port": the key under which connections may be reused.
  std::string origin() const;

  friend bool operator==(const Url&, const Url&) = default;
};

// Throws ConnectionError naming the URL (as printable_url shows it) when it
// is not an absolute http or https URL with a host.
Url parse_url(std::string_view url);

// `url` fit for a message or a log: credentials in its userinfo
// ("https://user:password@host") are replaced by "<redacted>".
std::string printable_url(std::string_view url);

}  // namespace llama_stack::http_io
