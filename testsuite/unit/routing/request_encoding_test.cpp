#include "stack/routing/request_encoding.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

TEST_CASE("query strings decode names and values, '+' as a space, the last value winning") {
  const auto q = parse_query("/v1/files?limit=2&order=asc&purpose=user+data&after=file-%41&order=desc&flag");
  CHECK(q.at("limit") == "2");
  CHECK(q.at("order") == "desc");
  CHECK(q.at("purpose") == "user data");
  CHECK(q.at("after") == "file-A");
  CHECK(q.at("flag").empty());
  CHECK(parse_query("/v1/files").empty());
  CHECK(parse_query("/v1/files?").empty());
  CHECK_THROWS_WITH_AS(parse_query("/v1/files?limit=%zz"),
                       doctest::Contains("malformed percent-escape in query string"),
                       InvalidRequestError);
}

TEST_CASE("an encoded query reads back as it was") {
  ParamMap q{{"after", "file-1&x=2"}, {"purpose", "a b/c"}, {"k", ""}};
  const std::string encoded = encode_query(q);
  CHECK(encoded.starts_with("?"));
  CHECK(encoded.find(' ') == std::string::npos);
  CHECK(parse_query("/x" + encoded) == q);
  CHECK(encode_query({}).empty());
}

TEST_CASE("multipart bodies round-trip: fields, files, binary data, empty parts") {
  std::string binary("\0\r\n--\xff data", 11);
  std::vector<FormPart> parts{{"purpose", "", "", "assistants"},
                              {"file", "notes \"v1\".txt", "text/plain", binary},
                              {"empty", "", "", ""}};
  auto [type, body] = encode_multipart(parts);
  const auto read = parse_multipart(body, multipart_boundary(type));
  REQUIRE(read.size() == 3);
  for (std::size_t i = 0; i < parts.size(); ++i) {
    CHECK(read[i].name == parts[i].name);
    CHECK(read[i].filename == parts[i].filename);
    CHECK(read[i].content_type == parts[i].content_type);
    CHECK(read[i].data == parts[i].data);
  }
}

TEST_CASE("a multipart body as curl and the OpenAI SDKs send it") {
  const std::string body =
      "--XyZ\r\n"
      "Content-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\n"
      "hello\r\n"
      "--XyZ\r\n"
      "content-disposition: form-data; name=purpose\r\n\r\n"
      "assistants\r\n"
      "--XyZ--\r\n";
  const auto parts = parse_multipart(body, multipart_boundary("multipart/form-data; boundary=XyZ"));
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].filename == "a.txt");
  CHECK(parts[0].data == "hello");
  CHECK(parts[1].name == "purpose");
  CHECK(parts[1].data == "assistants");
  CHECK(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\"") == "a b");
}

TEST_CASE("malformed multipart bodies are errors saying what is wrong") {
  const auto fails_with = [](const std::string& body, const char* why) {
    CHECK_THROWS_WITH_AS(parse_multipart(body, "B"), doctest::Contains(why), InvalidRequestError);
  };
  fails_with("no boundary here", "no opening boundary");
  fails_with("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue", "before the closing boundary");
  fails_with("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--", "without Content-Disposition");
  fails_with("--B\r\nContent-Disposition: form-data\r\n\r\nx\r\n--B--", "without a name");
  fails_with("--B\r\nContent-Disposition: attachment; name=a\r\n\r\nx\r\n--B--", "not form-data");
  fails_with("--Bxx", "not followed by CRLF");
  fails_with("--B\r\nContent-Disposition: form-data; name=a", "headers never end");
  std::string many;
  for (std::size_t i = 0; i <= kMaxFormParts; ++i)
    many += "--B\r\nContent-Disposition: form-data; name=a\r\n\r\nx\r\n";
  fails_with(many + "--B--", "more than");
  CHECK_THROWS_WITH_AS(multipart_boundary("application/json"),
                       doctest::Contains("expected a multipart/form-data body"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(multipart_boundary("multipart/form-data"),
                       doctest::Contains("without a usable boundary"), InvalidRequestError);
}
