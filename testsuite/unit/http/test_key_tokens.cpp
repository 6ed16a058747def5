#include "stack/http/key_tokens.hpp"

#include <doctest/doctest.h>

#include <string>

using llama_stack::http_io::body_excerpt;
using llama_stack::http_io::scrub_key_tokens;

TEST_CASE("scrub_key_tokens: prefixed keys, masked keys, bearer tokens") {
  CHECK(scrub_key_tokens("Incorrect API key provided: sk-VERD...9876.") == "Incorrect API key provided: <redacted>.");
  CHECK(scrub_key_tokens("key sk-proj-abcdEFGH1234ijkl was revoked") == "key <redacted> was revoked");
  CHECK(scrub_key_tokens("\"gsk_0123456789abcdef\"") == "\"<redacted>\"");
  CHECK(scrub_key_tokens("nvapi-XyZ12_abc, xai-abcd1234") == "<redacted>, <redacted>");
  CHECK(scrub_key_tokens("api key abcd****************wxy9 is invalid") == "api key <redacted> is invalid");
  CHECK(scrub_key_tokens("AIzaSyA1b2C3d4E5f6") == "<redacted>");
  CHECK(scrub_key_tokens("Authorization: Bearer opaque-token-value") == "Authorization: Bearer <redacted>");
  CHECK(scrub_key_tokens("bearer abcdefgh") == "bearer <redacted>");
}

TEST_CASE("scrub_key_tokens: prose, ids and short words are left alone") {
  for (const char* text : {"wait...what", "model llama3.2:3b-instruct-fp16 not found", "max_tokens must be > 0",
                           "sk- is a prefix", "risk-free", "Loading...", "v1.2.3", "invalid_api_key",
                           "error code 429: rate limited...", "chatcmpl-123 done"}) {
    CAPTURE(text);
    CHECK(scrub_key_tokens(text) == text);
  }
}

TEST_CASE("body_excerpt: short, printable, scrubbed") {
  CHECK(body_excerpt("") == "(empty body)");
  CHECK(body_excerpt("a\nb\r\tc") == "'a b  c'");
  const std::string long_body = std::string(190, 'x') + " sk-ABCDEFGHIJKLMNOP rest" + std::string(500, 'y');
  const std::string e = body_excerpt(long_body);
  CHECK(e.size() <= 205);
  CHECK(e.ends_with("...'"));
  CHECK(e.find("ABCDEF") == std::string::npos);  // the key across the cut is scrubbed whole
}
