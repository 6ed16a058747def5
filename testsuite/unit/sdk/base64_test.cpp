#include <llama_stack/base64.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

TEST_CASE("base64 encodes as RFC 4648 writes it") {
  CHECK(base64::encode("") == "");
  CHECK(base64::encode("f") == "Zg==");
  CHECK(base64::encode("fo") == "Zm8=");
  CHECK(base64::encode("foo") == "Zm9v");
  CHECK(base64::encode("foob") == "Zm9vYg==");
  CHECK(base64::encode("foobar") == "Zm9vYmFy");
  CHECK(base64::encode(std::string("\0\xff\x10", 3)) == "AP8Q");
  CHECK(base64::encode("\xfb\xff") == "+/8=");
}

TEST_CASE("base64 decodes what it encodes, every byte value") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 17) {
    const std::string bytes = all.substr(0, n);
    CHECK(base64::decode(base64::encode(bytes)) == bytes);
  }
  CHECK(base64::decode("Zm9vYg==") == std::string("foob"));
}

TEST_CASE("base64 refuses what is not padded base64") {
  CHECK_FALSE(base64::decode("Zm9"));        // length not a multiple of 4
  CHECK_FALSE(base64::decode("Zm9v!A=="));   // a character outside the alphabet
  CHECK_FALSE(base64::decode("Zg==Zm9v"));   // data after the padding
  CHECK_FALSE(base64::decode("Z==="));       // three '='
  CHECK_FALSE(base64::decode("Zm9v\n"));     // whitespace is not base64 here
  CHECK(base64::decode("") == std::string());
}
