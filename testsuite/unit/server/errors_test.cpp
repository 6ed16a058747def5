// Bad requests get a status and OpenAI's error body, and the server goes on
// serving: every status of the server's error contract, over a replay stack.
#include "testsuite/unit/server/server_test_support.hpp"

using namespace server_test;

namespace {

// The error body's shape, and its message.
std::string checked_error(const RawResponse& r, int status, const std::string& type) {
  CHECK(r.status == status);
  CHECK(icontains(r.head, "content-type: application/json"));
  const json::value body = r.json();
  const json::object& error = body.at("error").as_object();
  CHECK(error.at("type").as_string() == type);
  CHECK(error.at("code").as_string() == std::to_string(status));
  return std::string(error.at("message").as_string());
}

}  // namespace

TEST_CASE("each bad request gets its status and an OpenAI error body; the server keeps serving") {
  ReplayServer s;
  const int port = s.port();

  SUBCASE("malformed JSON is 400") {
    auto m = checked_error(call(port, "POST", "/v1/chat/completions", "{\"model\": "), 400,
                           "invalid_request_error");
    CHECK(m.find("malformed JSON") != std::string::npos);
  }
  SUBCASE("a body that is not an object is 400") {
    auto m = checked_error(call(port, "POST", "/v1/chat/completions", "[1, 2]"), 400,
                           "invalid_request_error");
    CHECK(m.find("must be a JSON object") != std::string::npos);
  }
  SUBCASE("a missing field is 400 naming it") {
    auto body = json::serialize(json::object{{"model", kOllamaModel}});
    auto m = checked_error(call(port, "POST", "/v1/chat/completions", body), 400,
                           "invalid_request_error");
    CHECK(m.find("'messages'") != std::string::npos);
    m = checked_error(call(port, "POST", "/v1/models", "{}"), 400, "invalid_request_error");
    CHECK(m.find("'model_id'") != std::string::npos);
  }
  SUBCASE("an invalid field is 400 naming it") {
    auto body = json::serialize(json::object{
        {"model", kOllamaModel}, {"stream", "yes"},
        {"messages", json::array{json::object{{"role", "user"}, {"content", "hi"}}}}});
    auto m = checked_error(call(port, "POST", "/v1/chat/completions", body), 400,
                           "invalid_request_error");
    CHECK(m.find("'stream'") != std::string::npos);
  }
  SUBCASE("an unknown model is 404 naming it") {
    auto m = checked_error(
        call(port, "POST", "/v1/chat/completions", chat_body("ollama/no-such-model", "hi", false)),
        404, "not_found_error");
    CHECK(m.find("no-such-model") != std::string::npos);
    checked_error(call(port, "GET", "/v1/models/ollama/no-such-model"), 404, "not_found_error");
  }
  SUBCASE("an unknown route is 404") {
    auto m = checked_error(call(port, "GET", "/v1/no/such/route"), 404, "not_found_error");
    CHECK(m.find("/v1/no/such/route") != std::string::npos);
  }
  SUBCASE("a wrong method is 405 with Allow") {
    const auto r = call(port, "DELETE", "/v1/chat/completions");
    checked_error(r, 405, "method_not_allowed");
    CHECK(icontains(r.head, "allow: post"));
  }
  SUBCASE("a body over the default limit (16 MiB) is 413, announced or sent") {
    std::string head = "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: "
                       "application/json\r\nContent-Length: " +
                       std::to_string(16 * 1024 * 1024 + 1) + "\r\n\r\n{";
    auto responses = parse_responses(raw_exchange(port, head));
    REQUIRE(responses.size() == 1);
    auto m = checked_error(responses[0], 413, "request_too_large");
    CHECK(m.find("16777216") != std::string::npos);
  }
  SUBCASE("a replay miss is 404 with the whole miss report") {
    auto m = checked_error(
        call(port, "POST", "/v1/chat/completions",
             chat_body(kOllamaModel, "A question nobody recorded", false),
             provider_data({{"__test_id", "server/errors::no_such_test"}})),
        404, "replay_miss");
    CHECK(m.find("no recording for POST /v1/chat/completions") != std::string::npos);
    CHECK(m.find("server/errors::no_such_test") != std::string::npos);
    CHECK(m.find("request hash:") != std::string::npos);
    CHECK(m.find("to record it") != std::string::npos);
  }
  SUBCASE("a provider-data header that is not a JSON object is 400 naming it") {
    auto m = checked_error(call(port, "GET", "/v1/models", {},
                                {{"X-LlamaStack-Provider-Data", "not json"}}),
                           400, "invalid_request_error");
    CHECK(m.find("X-LlamaStack-Provider-Data") != std::string::npos);
    m = checked_error(call(port, "GET", "/v1/models", {}, provider_data({{"__test_id", 7}})), 400,
                      "invalid_request_error");
    CHECK(m.find("__test_id") != std::string::npos);
  }
  SUBCASE("malformed HTTP is 400") {
    auto responses = parse_responses(raw_exchange(port, "NOT HTTP AT ALL\r\n\r\n"));
    REQUIRE(responses.size() == 1);
    checked_error(responses[0], 400, "invalid_request_error");
  }
  const auto health = call(port, "GET", "/v1/health");
  CHECK(health.status == 200);
  CHECK(health.json().at("status") == "OK");
}

TEST_CASE("the body limit is configurable") {
  ReplayServer s(/*max_body_bytes=*/1024);
  const std::string big = chat_body(kOllamaModel, std::string(2000, 'x'), false);
  auto responses = parse_responses(
      raw_exchange(s.port(), request_text("POST", "/v1/chat/completions", big, {})));
  REQUIRE(responses.size() == 1);
  CHECK(responses[0].status == 413);
  CHECK(responses[0].error_message().find("1024 bytes") != std::string::npos);
  // Under the limit, the same route answers (here: the model is unknown).
  CHECK(call(s.port(), "POST", "/v1/chat/completions", chat_body("ollama/x", "hi", false)).status ==
        404);
}

TEST_CASE("an upstream failure is 502 naming the provider; an unreachable upstream too") {
  FakeOpenAIServer s;
  auto r = call(s.port(), "POST", "/v1/chat/completions", chat_body(kFakeModel, "upstream-fails", false));
  CHECK(r.status == 502);
  CHECK(r.json().at("error").at("type") == "upstream_error");
  CHECK(r.error_message().find("provider 'openai'") != std::string::npos);
  CHECK(r.error_message().find("503") != std::string::npos);
  r = call(s.port(), "POST", "/v1/chat/completions", chat_body(kFakeModel, "unreachable", false));
  CHECK(r.status == 502);
  CHECK(r.error_message().find("connection refused") != std::string::npos);
}

TEST_CASE("a client that sends nothing, or half a request, is disconnected after the idle timeout") {
  ReplayServer s(16 * 1024 * 1024, std::chrono::milliseconds(300));
  for (const std::string& sent : {std::string(), std::string("POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\n")}) {
    const auto started = std::chrono::steady_clock::now();
    CHECK(raw_exchange(s.port(), sent).empty());  // closed without an answer
    const auto waited = std::chrono::steady_clock::now() - started;
    CHECK(waited >= std::chrono::milliseconds(250));
    CHECK(waited < std::chrono::seconds(10));
  }
  CHECK(call(s.port(), "GET", "/v1/health").status == 200);
}
