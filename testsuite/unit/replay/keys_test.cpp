// Request keys and what goes into them: the canonical JSON, the rounding of
// numeric noise, the endpoint, the test id, and the mode names.
#include "stack/replay/canonical_json.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/inference_mode.hpp"
#include "stack/replay/model_list.hpp"
#include "stack/replay/normalization.hpp"
#include "stack/replay/request_key.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace llama_stack;
using namespace llama_stack::replay;
namespace json = boost::json;

TEST_CASE("canonical JSON sorts keys at every depth and has no whitespace") {
  const json::value a = json::parse(R"({"b": 1, "a": {"d": [3, {"z": 1, "y": 2}], "c": null}})");
  CHECK(canonical_json(a) == R"({"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1})");
}

TEST_CASE("canonical JSON rounds floats to 5 decimals and keeps floats floats") {
  CHECK(canonical_json(json::value(0.123456789)) == "0.12346");
  CHECK(canonical_json(json::value(0.1234561)) == canonical_json(json::value(0.1234559)));
  CHECK(canonical_json(json::value(1.0)) == "1.0");
  CHECK(canonical_json(json::value(1)) == "1");
  CHECK(canonical_json(json::value(-0.000001)) == canonical_json(json::value(0.0)));
  CHECK(canonical_json(json::value(1e300)) == "1e+300");
}

TEST_CASE("decimal literals inside strings are rounded when they have 4 or more decimals") {
  CHECK(round_decimal_literals("score 0.123456789 and 2.5") == "score 0.12346 and 2.5");
  CHECK(round_decimal_literals("-3.14159265") == "-3.14159");
  CHECK(round_decimal_literals("0.1234") == "0.12340");
  // Parts of versions, identifiers and addresses are left alone.
  CHECK(round_decimal_literals("v1.23456") == "v1.23456");
  CHECK(round_decimal_literals("1.2.34567") == "1.2.34567");
  CHECK(round_decimal_literals("10.0.0.12345") == "10.0.0.12345");
  CHECK(round_decimal_literals("x_0.12345") == "x_0.12345");
  CHECK(round_decimal_literals("0.12345abc") == "0.12345abc");
  CHECK(round_decimal_literals("no numbers") == "no numbers");
  // "0.3" has too few decimals to be rounded, so it stays a different text.
  CHECK(canonical_json(json::value("t=0.300000001")) != canonical_json(json::value("t=0.3")));
  CHECK(canonical_json(json::value("t=0.300000001")) == canonical_json(json::value("t=0.3000")));
}

TEST_CASE("pretty JSON is indented, sorted, exact and ends with a newline") {
  const json::value v = json::parse(R"({"b": [1, 2.5, 0.0001], "a": {}, "c": [], "s": "q\"\n"})");
  CHECK(pretty_json(v) ==
        "{\n"
        "  \"a\": {},\n"
        "  \"b\": [\n"
        "    1,\n"
        "    2.5,\n"
        "    0.0001\n"
        "  ],\n"
        "  \"c\": [],\n"
        "  \"s\": \"q\\\"\\n\"\n"
        "}\n");
}

TEST_CASE("every double a recording prints reads back as the same double") {
  std::mt19937_64 random(42);  // fixed seed: deterministic
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  std::vector<double> values{0.1, 1.0 / 3.0, 1e-7, 123456.789e10, -2.5e-300, 1e300, 0.0};
  for (int i = 0; i < 2000; ++i) values.push_back(unit(random));
  for (int i = 0; i < 2000; ++i) values.push_back(std::ldexp(unit(random), static_cast<int>(random() % 1000) - 500));
  json::array all;
  for (double x : values) all.push_back(x);
  boost::system::error_code ec;
  const json::value back = parse_json_exact(pretty_json(all), ec);
  REQUIRE_FALSE(ec);
  REQUIRE(back.as_array().size() == values.size());
  std::size_t inexact = 0;
  for (std::size_t i = 0; i < values.size(); ++i)
    if (!back.as_array()[i].is_double() || back.as_array()[i].get_double() != values[i]) ++inexact;
  CHECK(inexact == 0);
  // The same grammar as boost::json::parse.
  CHECK(parse_json_exact(R"( {"a": [1, -2, 18446744073709551615, true, null, "s"]} )", ec) ==
        json::parse(R"({"a": [1, -2, 18446744073709551615, true, null, "s"]})"));
  CHECK_FALSE(ec);
  parse_json_exact("{\"a\": 1} trailing", ec);
  CHECK(ec);
  parse_json_exact("[1, 2", ec);
  CHECK(ec);
}

TEST_CASE("request keys ignore key order and numeric noise, not real differences") {
  const json::value a = json::parse(R"({"model": "m", "temperature": 0.7, "top_p": 0.9})");
  const json::value b = json::parse(R"({"top_p": 0.9000000001, "model": "m", "temperature": 0.7})");
  const json::value c = json::parse(R"({"model": "m", "temperature": 0.8, "top_p": 0.9})");
  const std::optional<std::string> none;
  CHECK(request_hash("POST", "/v1/chat/completions", a, none) ==
        request_hash("post", "/v1/chat/completions", b, none));
  CHECK(request_hash("POST", "/v1/chat/completions", a, none) !=
        request_hash("POST", "/v1/chat/completions", c, none));
  CHECK(request_hash("POST", "/v1/chat/completions", a, none) !=
        request_hash("POST", "/v1/completions", a, none));
  CHECK(request_hash("POST", "/v1/chat/completions", a, none).size() == 64);
}

TEST_CASE("the test id is part of a key, except for model lists") {
  const json::value body = json::parse(R"({"model": "m"})");
  const std::optional<std::string> t1 = "tests/a.cpp::one";
  const std::optional<std::string> t2 = "tests/a.cpp::two";
  CHECK(request_hash("POST", "/v1/embeddings", body, t1) !=
        request_hash("POST", "/v1/embeddings", body, t2));
  CHECK(request_hash("GET", "/v1/models", nullptr, t1) ==
        request_hash("GET", "/v1/models", nullptr, t2));
  CHECK(request_hash("GET", "/api/tags", nullptr, t1) ==
        request_hash("GET", "/api/tags", nullptr, std::nullopt));
  CHECK(is_model_list_endpoint("/v1/models"));
  CHECK(is_model_list_endpoint("/api/tags"));
  CHECK_FALSE(is_model_list_endpoint("/v1/models/m"));
}

TEST_CASE("the key's endpoint is the route, whatever the URL") {
  HttpRequest r;
  r.url = "https://example.com:8443/prefix/v1/chat/completions?x=1";
  r.endpoint = "/v1/chat/completions";
  CHECK(endpoint_of(r) == "/v1/chat/completions");
  r.endpoint.clear();
  CHECK(endpoint_of(r) == "/prefix/v1/chat/completions");
  r.url = "http://localhost:11434";
  CHECK(endpoint_of(r) == "/");
}

TEST_CASE("the stored url is the path and query, without where the upstream ran") {
  CHECK(path_of_url("https://example.com:8443/prefix/v1/chat/completions?x=1") ==
        "/prefix/v1/chat/completions?x=1");
  CHECK(path_of_url("http://127.0.0.1:18434/v1/embeddings") == "/v1/embeddings");
  CHECK(path_of_url("http://127.0.0.1:40999/v1/embeddings") == "/v1/embeddings");
  CHECK(path_of_url("http://localhost:11434") == "/");
  CHECK(path_of_url("http://localhost:11434?a=1") == "/?a=1");
  CHECK(path_of_url("/v1/models") == "/v1/models");  // already a path (a re-read file)
}

TEST_CASE("SHA-256 is the standard one") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("inference modes parse by name and a wrong name lists the valid ones") {
  CHECK(parse_inference_mode("replay", "x") == InferenceMode::replay);
  CHECK(parse_inference_mode("RECORD", "x") == InferenceMode::record);
  CHECK(parse_inference_mode("record-if-missing", "x") == InferenceMode::record_if_missing);
  CHECK(parse_inference_mode("record_if_missing", "x") == InferenceMode::record_if_missing);
  CHECK(parse_inference_mode("live", "x") == InferenceMode::live);
  try {
    parse_inference_mode("recrod", "LLAMA_STACK_TEST_INFERENCE_MODE");
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    CHECK(what.find("LLAMA_STACK_TEST_INFERENCE_MODE") != std::string::npos);
    CHECK(what.find("'recrod'") != std::string::npos);
    CHECK(what.find("replay, record-if-missing, record, live") != std::string::npos);
  }
  auto env = Environment::isolated();
  CHECK(inference_mode_from(env, InferenceMode::live) == InferenceMode::live);
  CHECK(inference_mode_from(env, InferenceMode::replay) == InferenceMode::replay);
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "record-if-missing");
  CHECK(inference_mode_from(env, InferenceMode::live) == InferenceMode::record_if_missing);
}

TEST_CASE("model lists: a set hash independent of order, and a union without duplicates") {
  const json::value a = json::parse(R"({"object": "list", "data": [{"id": "x"}, {"id": "y"}]})");
  const json::value b = json::parse(R"({"object": "list", "data": [{"id": "y"}, {"id": "x"}]})");
  const json::value c = json::parse(R"({"object": "list", "data": [{"id": "y"}, {"id": "z"}]})");
  CHECK(model_set_hash(a) == model_set_hash(b));
  CHECK(model_set_hash(a) != model_set_hash(c));
  CHECK(model_set_hash(a).size() == 8);
  const json::value merged = merge_model_lists({a, c});
  CHECK(merged == json::parse(R"({"object": "list",
                                  "data": [{"id": "x"}, {"id": "y"}, {"id": "z"}]})"));
  const json::value tags1 = json::parse(R"({"models": [{"name": "a:1"}]})");
  const json::value tags2 = json::parse(R"({"models": [{"name": "b:1"}, {"name": "a:1"}]})");
  CHECK(merge_model_lists({tags1, tags2}) ==
        json::parse(R"({"models": [{"name": "a:1"}, {"name": "b:1"}]})"));
}

TEST_CASE("normalisation fixes volatile top-level fields only") {
  json::value v = json::parse(R"({"id": "chatcmpl-123", "created": 1712, "model": "m",
      "created_at": "2025-01-01T10:00:00Z", "total_duration": 12, "eval_duration": 3,
      "prompt_eval_count": 7, "data": [{"id": "keep", "created": 5}]})");
  normalize_payload(v, "0123456789abcdef0123");
  CHECK(v == json::parse(R"({"id": "rec-0123456789ab", "created": 0, "model": "m",
      "created_at": "1970-01-01T00:00:00.000000Z", "total_duration": 0, "eval_duration": 0,
      "prompt_eval_count": 7, "data": [{"id": "keep", "created": 5}]})"));
}

TEST_CASE("a JSON syntax error is located by line and column") {
  boost::system::error_code ec;
  std::size_t at = 0;
  const std::string text = "{\n  \"a\": 1,\n  \"b\": tru\n}";
  parse_json_exact(text, ec, &at);
  REQUIRE(ec);
  // Where the bad token starts.
  CHECK(json_error_message(text, ec, at).starts_with("not valid JSON at line 3, column 8: "));
  parse_json_exact("[1]\n  x", ec, &at);
  REQUIRE(ec);
  CHECK(json_error_message("[1]\n  x", ec, at).starts_with("not valid JSON at line 2, column 3: "));
}
