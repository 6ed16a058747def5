#include "stack/http/url.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <string>

using llama_stack::ConnectionError;
using llama_stack::http_io::parse_url;
using llama_stack::http_io::Url;

TEST_CASE("parse_url: host, explicit port, path and query") {
  const Url u = parse_url("http://localhost:11434/v1/chat/completions?x=1&y=2");
  CHECK(u.scheme == "http");
  CHECK(u.host == "localhost");
  CHECK(u.port == 11434);
  CHECK(u.target == "/v1/chat/completions?x=1&y=2");
  CHECK_FALSE(u.is_tls());
  CHECK(u.host_header() == "localhost:11434");
  CHECK(u.origin() == "http://localhost:11434");
}

TEST_CASE("parse_url: default ports, empty path, query without path, fragment") {
  const Url http = parse_url("http://example.com");
  CHECK(http.port == 80);
  CHECK(http.target == "/");
  CHECK(http.host_header() == "example.com");

  const Url https = parse_url("HTTPS://API.OpenAI.com/v1/models#frag");
  CHECK(https.scheme == "https");
  CHECK(https.is_tls());
  CHECK(https.host == "api.openai.com");
  CHECK(https.port == 443);
  CHECK(https.target == "/v1/models");
  CHECK(https.host_header() == "api.openai.com");

  CHECK(parse_url("http://h?q=1").target == "/?q=1");
  CHECK(parse_url("https://h:8443/").host_header() == "h:8443");
}

TEST_CASE("parse_url: IPv6 literals") {
  const Url u = parse_url("http://[::1]:8321/v1/health");
  CHECK(u.host == "::1");
  CHECK(u.is_ipv6_literal());
  CHECK(u.port == 8321);
  CHECK(u.target == "/v1/health");
  CHECK(u.host_header() == "[::1]:8321");

  const Url d = parse_url("https://[2001:db8::7]");
  CHECK(d.host == "2001:db8::7");
  CHECK(d.port == 443);
  CHECK(d.host_header() == "[2001:db8::7]");
  CHECK(d.origin() == "https://[2001:db8::7]:443");
}

TEST_CASE("parse_url: invalid URLs are ConnectionErrors naming the URL") {
  const char* bad[] = {
      "localhost:11434/v1",       // no scheme
      "ftp://example.com/file",   // unsupported scheme
      "http://",                  // no host
      "http:///path",             // no host
      "http://host:/x",           // empty port
      "http://host:abc/x",        // non-numeric port
      "http://host:0/x",          // port 0
      "http://host:70000/x",      // port out of range
      "http://[::1/x",            // unterminated IPv6
      "http://[::1]x/",           // junk after IPv6
      "http://[zz::1]/",          // not an IPv6 address
      "http://ho st/",            // space in host
      "http://host/a b",          // unencoded space in path
      "",
  };
  for (const char* url : bad) {
    CAPTURE(url);
    try {
      parse_url(url);
      FAIL("no exception for " << url);
    } catch (const ConnectionError& e) {
      CHECK(e.url() == url);
      CHECK(std::string(e.what()).find(std::string("'") + url + "'") != std::string::npos);
    }
  }
}

TEST_CASE("parse_url: credentials in a URL are refused and never printed") {
  for (const char* url : {"http://user:s3cretPassw0rd@host/v1", "https://s3cretPassw0rd@host:8080/?q=1",
                          "http://user:s3cretPassw0rd@ho st/"}) {
    CAPTURE(url);
    try {
      parse_url(url);
      FAIL("no exception for " << url);
    } catch (const ConnectionError& e) {
      const std::string what = e.what();
      CHECK(what.find("s3cretPassw0rd") == std::string::npos);
      CHECK(e.url().find("s3cretPassw0rd") == std::string::npos);
      CHECK(what.find("<redacted>@") != std::string::npos);
      CHECK(what.find("credentials in the URL are not supported") != std::string::npos);
    }
  }
}

TEST_CASE("printable_url: drops userinfo only") {
  using llama_stack::http_io::printable_url;
  CHECK(printable_url("https://u:p@api.example.com/v1?x=1") == "https://<redacted>@api.example.com/v1?x=1");
  CHECK(printable_url("http://host/path@not-userinfo") == "http://host/path@not-userinfo");
  CHECK(printable_url("http://host:80/") == "http://host:80/");
  CHECK(printable_url("user:pw@host/x") == "<redacted>@host/x");
}
