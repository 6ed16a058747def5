#include <llama_stack/url_userinfo.hpp>

#include <doctest/doctest.h>

#include <string>

namespace ui = llama_stack::url_userinfo;

TEST_CASE("url_userinfo::find: the authority's userinfo, up to its last '@'") {
  const std::string url = "https://user:p@ss@host:8080/v1?x=1";
  const auto span = ui::find(url);
  REQUIRE(span);
  CHECK(url.substr(span->begin, span->at - span->begin) == "user:p@ss");
  CHECK(ui::hidden(url, span) == "https://<redacted>@host:8080/v1?x=1");
  CHECK(ui::hidden(url, span, "") == "https://host:8080/v1?x=1");
}

TEST_CASE("url_userinfo::find: an '@' in the path, query or fragment is no userinfo") {
  for (const char* url : {"http://host/path@x", "http://host?mail=a@b", "http://host#a@b", "http://host"}) {
    CAPTURE(url);
    CHECK_FALSE(ui::find(url));
    CHECK(ui::hidden(url, ui::find(url)) == url);
  }
}

TEST_CASE("url_userinfo::find: a URL without a scheme starts its authority at the start") {
  CHECK(ui::hidden("user:pw@host/v1", ui::find("user:pw@host/v1")) == "<redacted>@host/v1");
}

TEST_CASE("url_userinfo::find_in_value: a raw '/' in a typed password is still hidden") {
  const std::string value = "http://user:pa/ss@host";
  CHECK_FALSE(ui::find(value));  // as a URL, the authority ends at the '/'
  CHECK(ui::hidden(value, ui::find_in_value(value)) == "http://<redacted>@host");
  CHECK(ui::hidden("user:pw@host", ui::find_in_value("user:pw@host")) == "<redacted>@host");
  CHECK_FALSE(ui::find_in_value("http://host/v1"));
}
