// The one percent codec: each caller's `keep` set (none for Brave's query,
// "/" for the replay index's SQLite URI path, "/:@" for our client's path
// segments) and the decoding the server's query strings and paths use.
#include <llama_stack/percent_encoding.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

TEST_CASE("unreserved characters stay, reserved ones and spaces become upper-case %XX") {
  CHECK(percent::encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(percent::encode("a b+c/d?e=f&g#h%i") == "a%20b%2Bc%2Fd%3Fe%3Df%26g%23h%25i");
  CHECK(percent::encode(":@!$'()*,;[]") == "%3A%40%21%24%27%28%29%2A%2C%3B%5B%5D");
  CHECK(percent::encode("").empty());
  CHECK(percent::encode(std::string_view("\0\x7f", 2)) == "%00%7F");
}

TEST_CASE("UTF-8 is encoded byte by byte") {
  CHECK(percent::encode("caf\xc3\xa9") == "caf%C3%A9");
  CHECK(percent::encode("\xe2\x82\xac \xf0\x9f\x98\x80") == "%E2%82%AC%20%F0%9F%98%80");
  CHECK(percent::decode("caf%C3%A9") == "caf\xc3\xa9");
}

TEST_CASE("`keep` leaves a caller's delimiters as they are") {
  CHECK(percent::encode("/tmp/a b/index.sqlite", "/") == "/tmp/a%20b/index.sqlite");
  CHECK(percent::encode("/tmp/a b/index.sqlite") == "%2Ftmp%2Fa%20b%2Findex.sqlite");
  CHECK(percent::encode("user@host:8/x?y", "/:@") == "user@host:8/x%3Fy");
}

TEST_CASE("decoding reads both hex cases and '+' as a space only when asked") {
  CHECK(percent::decode("a%2fb%2Fc") == "a/b/c");
  CHECK(percent::decode("a+b%2B") == "a+b+");
  CHECK(percent::decode("a+b%2B", true) == "a b+");
  CHECK(percent::decode("%00", false) == std::string("\0", 1));
  CHECK(percent::decode("") == "");
}

TEST_CASE("a malformed escape decodes to nothing, for the caller to report") {
  CHECK_FALSE(percent::decode("%").has_value());
  CHECK_FALSE(percent::decode("a%2").has_value());
  CHECK_FALSE(percent::decode("%zz").has_value());
  CHECK_FALSE(percent::decode("%2g").has_value());
  CHECK_FALSE(percent::decode("ok%", true).has_value());
}

TEST_CASE("what encode writes, decode reads back") {
  const std::string text = "x y+z/\xc3\xa9%~";
  CHECK(percent::decode(percent::encode(text)) == text);
  CHECK(percent::decode(percent::encode(text), true) == text);
}
