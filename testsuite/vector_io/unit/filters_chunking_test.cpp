// Attribute filters (OpenAI's comparison and compound filters) and the
// static chunking strategy, on their own.
#include "providers/kits/vector_core/chunking.hpp"
#include "providers/kits/vector_core/filters.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::vector;
namespace json = boost::json;

namespace {

const json::object kAttributes{{"topic", "ai"}, {"year", 2021}, {"score", 0.5}, {"draft", false}};

bool passes(std::string_view filter) {
  const json::value f = json::parse(filter);
  validate_filter(f);
  return matches_filter(f, kAttributes);
}

}  // namespace

TEST_CASE("comparison filters: eq ne gt gte lt lte in nin, numbers and strings") {
  CHECK(passes(R"({"type":"eq","key":"topic","value":"ai"})"));
  CHECK_FALSE(passes(R"({"type":"eq","key":"topic","value":"programming"})"));
  CHECK(passes(R"({"type":"ne","key":"topic","value":"programming"})"));
  CHECK(passes(R"({"type":"gt","key":"year","value":2020})"));
  CHECK_FALSE(passes(R"({"type":"gt","key":"year","value":2021})"));
  CHECK(passes(R"({"type":"gte","key":"year","value":2021})"));
  CHECK(passes(R"({"type":"lt","key":"score","value":1})"));
  CHECK_FALSE(passes(R"({"type":"lte","key":"score","value":0.4})"));
  CHECK(passes(R"({"type":"in","key":"topic","value":["ai","ml"]})"));
  CHECK_FALSE(passes(R"({"type":"nin","key":"topic","value":["ai","ml"]})"));
  CHECK(passes(R"({"type":"eq","key":"draft","value":false})"));
  // A missing key fails comparisons but passes ne / nin.
  CHECK_FALSE(passes(R"({"type":"eq","key":"absent","value":1})"));
  CHECK(passes(R"({"type":"ne","key":"absent","value":1})"));
  CHECK(passes(R"({"type":"nin","key":"absent","value":[1]})"));
  // A number never equals a string.
  CHECK_FALSE(passes(R"({"type":"eq","key":"year","value":"2021"})"));
}

TEST_CASE("compound filters and the plain {key: value} shorthand") {
  CHECK(passes(R"({"type":"and","filters":[{"type":"eq","key":"topic","value":"ai"},{"type":"gte","key":"year","value":2000}]})"));
  CHECK_FALSE(passes(R"({"type":"and","filters":[{"type":"eq","key":"topic","value":"ai"},{"type":"lt","key":"year","value":2000}]})"));
  CHECK(passes(R"({"type":"or","filters":[{"type":"eq","key":"topic","value":"x"},{"type":"or","filters":[{"type":"eq","key":"year","value":2021}]}]})"));
  CHECK(passes(R"({"topic":"ai","year":2021})"));
  CHECK_FALSE(passes(R"({"topic":"ai","year":2020})"));
}

TEST_CASE("a malformed filter is a 400 naming the part") {
  auto message = [](std::string_view filter) {
    try {
      validate_filter(json::parse(filter));
    } catch (const InvalidRequestError& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  CHECK(message(R"({"type":"like","key":"a","value":1})").find("'filters.type'") != std::string::npos);
  CHECK(message(R"({"type":"in","key":"a","value":1})").find("must be a list for in") != std::string::npos);
  CHECK(message(R"({"type":"eq","value":1})").find("'filters.key'") != std::string::npos);
  CHECK(message(R"({"type":"and","filters":[{"type":"eq","key":"a"}]})").find("'filters.filters[0].value'") != std::string::npos);
  CHECK(message(R"([1])").find("must be an object") != std::string::npos);
}

TEST_CASE("static chunking: windows of max_chunk_size_tokens overlapping by chunk_overlap_tokens") {
  std::string text;
  for (int i = 0; i < 250; ++i) text += "w" + std::to_string(i) + (i % 7 == 0 ? "\n\t" : " ");
  const auto chunks = chunk_text(text, {100, 40});
  REQUIRE(chunks.size() == 4);  // starts 0, 60, 120, 180 (the last reaching the end)
  CHECK(chunks[0].starts_with("w0 w1 "));
  CHECK(chunks[0].ends_with(" w99"));
  CHECK(chunks[1].starts_with("w60 "));
  CHECK(chunks[3].starts_with("w180 "));
  CHECK(chunks[3].ends_with(" w249"));
  CHECK(chunk_text("   ", {100, 0}).empty());
  CHECK(chunk_text("one two", {100, 50}) == std::vector<std::string>{"one two"});
}

TEST_CASE("chunking_strategy: auto, static, and OpenAI's limits named") {
  CHECK(chunking_strategy(nullptr).max_chunk_size_tokens == 800);
  const json::value automatic = json::parse(R"({"type":"auto"})");
  CHECK(chunking_strategy(&automatic).chunk_overlap_tokens == 400);
  const json::value fixed = json::parse(R"({"type":"static","static":{"max_chunk_size_tokens":200,"chunk_overlap_tokens":50}})");
  CHECK(chunking_strategy(&fixed).max_chunk_size_tokens == 200);
  const json::value big = json::parse(R"({"type":"static","static":{"max_chunk_size_tokens":5000}})");
  CHECK_THROWS_WITH_AS(chunking_strategy(&big), doctest::Contains("max_chunk_size_tokens"), InvalidRequestError);
  const json::value overlap = json::parse(R"({"type":"static","static":{"max_chunk_size_tokens":200,"chunk_overlap_tokens":150}})");
  CHECK_THROWS_WITH_AS(chunking_strategy(&overlap), doctest::Contains("chunk_overlap_tokens"), InvalidRequestError);
}
