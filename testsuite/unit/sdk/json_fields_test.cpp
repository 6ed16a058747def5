// The SDK's JSON field readers: a request's fields checked, an answer's read
// leniently.
#include <llama_stack/json_fields.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using namespace llama_stack;

namespace {
json::object body(const char* text) { return json::parse(text).as_object(); }
}  // namespace

TEST_CASE("string_param: optional and required strings") {
  const auto b = body(R"({"name": "x", "empty": "", "none": null, "number": 3})");
  CHECK(string_param(b, "op", "name") == "x");
  CHECK(string_param(b, "op", "name", true) == "x");
  CHECK(string_param(b, "op", "missing").empty());
  CHECK(string_param(b, "op", "none").empty());
  CHECK(string_param(b, "op", "empty").empty());
  CHECK_THROWS_WITH_AS(string_param(b, "register", "missing", true),
                       "register: parameter 'missing' is required", InvalidRequestError);
  CHECK_THROWS_WITH_AS(string_param(b, "register", "empty", true),
                       "register: parameter 'empty' must be a non-empty string", InvalidRequestError);
  CHECK_THROWS_WITH_AS(string_param(b, "register", "number"),
                       "register: parameter 'number' must be a string", InvalidRequestError);
}

TEST_CASE("object_param: absent or null is none, another type is refused") {
  const auto b = body(R"({"params": {"k": 1}, "none": null, "list": []})");
  const json::object* params = object_param(b, "op", "params");
  REQUIRE(params != nullptr);
  CHECK(params->at("k").as_int64() == 1);
  CHECK(object_param(b, "op", "missing") == nullptr);
  CHECK(object_param(b, "op", "none") == nullptr);
  CHECK_THROWS_WITH_AS(object_param(b, "run shield", "list"),
                       "run shield: parameter 'list' must be an object", InvalidRequestError);
}

TEST_CASE("string_or_empty / object_or_empty: an answer read leniently") {
  const auto b = body(R"({"id": "a", "n": 1, "o": {"x": true}})");
  CHECK(string_or_empty(b, "id") == "a");
  CHECK(string_or_empty(b, "n").empty());
  CHECK(string_or_empty(b, "missing").empty());
  CHECK(object_or_empty(b, "o").at("x").as_bool());
  CHECK(object_or_empty(b, "id").empty());
}

TEST_CASE("int_or_zero: a count or index read leniently") {
  const auto b = body(R"({"n": 7, "u": 9223372036854775807, "d": 3.9, "s": "4", "z": null})");
  CHECK(int_or_zero(b, "n") == 7);
  CHECK(int_or_zero(b, "d") == 3);
  CHECK(int_or_zero(b, "u") == 9223372036854775807);
  CHECK(int_or_zero(b, "s") == 0);
  CHECK(int_or_zero(b, "z") == 0);
  CHECK(int_or_zero(b, "missing") == 0);
}
