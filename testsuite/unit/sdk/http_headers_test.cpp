#include <llama_stack/http_client.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

TEST_CASE("header names compare without ASCII case, nothing else folded") {
  CHECK(iequals_ascii("Content-Type", "content-type"));
  CHECK(iequals_ascii("", ""));
  CHECK_FALSE(iequals_ascii("Accept", "Accepts"));
  CHECK_FALSE(iequals_ascii("Accept", "Acceqt"));
  CHECK_FALSE(iequals_ascii("\xc3\x89", "\xc3\xa9"));  // É and é: not ASCII
}

TEST_CASE("header_value is the first value of the name, in any case") {
  const HttpHeaders headers{{"content-type", "text/event-stream"}, {"Accept", "a"}, {"ACCEPT", "b"}};
  CHECK(header_value(headers, "Content-Type") == std::optional<std::string_view>("text/event-stream"));
  CHECK(header_value(headers, "accept") == std::optional<std::string_view>("a"));
  CHECK_FALSE(header_value(headers, "Mcp-Session-Id"));
  CHECK_FALSE(header_value({}, "Accept"));
}
