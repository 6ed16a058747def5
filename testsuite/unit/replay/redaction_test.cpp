// Secrets never reach a recording: by name (headers, body fields, URL query
// parameters) and by value (an upstream echoing them back).
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/replay_miss.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

constexpr const char* kSecret = "sk-test-SECRET-1234";

// Every byte of every file below `dir`, the index and its WAL included.
std::vector<fs::path> files_containing(const fs::path& dir, std::string_view needle) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file() && read_text(e.path()).find(needle) != std::string::npos)
      out.push_back(e.path());
  return out;
}

HttpRequest request_with_secrets(const std::string& key) {
  HttpRequest r = chat_request("hello");
  r.url = "http://127.0.0.1:11434/v1/chat/completions?api_key=" + key + "&stream_options=1";
  r.headers = {{"Authorization", "Bearer " + key},
               {"x-api-key", key},
               {"api-key", key},
               {"Cookie", "session=" + key},
               {"X-Request-Source", "tests"}};
  auto& body = r.body.as_object();
  body["api_key"] = key;
  body["max_tokens"] = 5;
  body["extra_body"] = json::object{{"client_secret", key}, {"accessToken", key}};
  return r;
}

}  // namespace

TEST_CASE("secret names: the last word decides") {
  for (const char* name : {"Authorization", "api-key", "x-api-key", "X-Goog-Api-Key", "apiKey",
                           "api_key", "OPENAI_API_KEY", "access_token", "refreshToken",
                           "client_secret", "password", "db_passwd", "Cookie", "Set-Cookie",
                           "token", "key", "sig"})
    CHECK_MESSAGE(is_secret_header(name), name);
  for (const char* name : {"max_tokens", "stop_token_ids", "prompt_tokens", "total_tokens",
                           "keywords", "key_id", "Content-Type", "model", "monkey", "tokens"})
    CHECK_MESSAGE(!is_secret_header(name), name);
}

TEST_CASE("a redacted request keeps its shape without its secrets") {
  const RedactedRequest r = redact_request(request_with_secrets(kSecret));
  CHECK(r.headers == json::object{{"X-Request-Source", "tests"}});
  CHECK(r.body.at("api_key") == "<redacted>");
  CHECK(r.body.at("max_tokens") == 5);
  CHECK(r.body.at("extra_body").at("client_secret") == "<redacted>");
  CHECK(r.body.at("extra_body").at("accessToken") == "<redacted>");
  CHECK(r.url ==
        "http://127.0.0.1:11434/v1/chat/completions?api_key=<redacted>&stream_options=1");
  // A schema property named like a credential is structure, not a secret.
  HttpRequest tool = chat_request("x");
  const json::value schema = json::parse(
      R"({"type": "object", "properties": {"password": {"type": "string"}, "token": {"type": "string"}}})");
  tool.body.as_object()["tools"] = json::array{json::object{{"parameters", schema}}};
  CHECK(redact_request(tool).body.at("tools").at(0).at("parameters") == schema);
  HttpRequest with_userinfo = chat_request("x");
  with_userinfo.url = "https://user:" + std::string(kSecret) + "@example.com/v1/chat/completions";
  CHECK(redact_request(with_userinfo).url == "https://example.com/v1/chat/completions");
}

TEST_CASE("recording with a known fake key writes it nowhere, and keys do not depend on it") {
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  // Like an upstream that quotes the key in its answer.
  upstream->respond = [](const HttpRequest& request) {
    std::string auth;
    for (const auto& [name, value] : request.headers)
      if (name == "Authorization") auth = value;
    return HttpResponse{200, {}, json::serialize(json::object{
                                     {"id", "x"}, {"note", "you sent " + auth}, {auth, 1}})};
  };
  upstream->chunks = [](const HttpRequest&) {
    return std::vector<std::string>{"{\"echo\":\"key " + std::string(kSecret) + "\"}",
                                    "plain text " + std::string(kSecret)};
  };
  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
    RecordingHttpClient client(upstream, session);
    session->set_test_id("secret-test");
    const HttpResponse response = client.send(request_with_secrets(kSecret));
    // The upstream itself got the real credentials.
    CHECK(upstream->last.headers[0].second == "Bearer " + std::string(kSecret));
    CHECK(upstream->last.body.at("api_key") == kSecret);
    CHECK(response.body.find(kSecret) == std::string::npos);
    auto stream = client.open_stream(request_with_secrets(kSecret), StreamFormat::sse);
    for (const auto& chunk : drain(*stream.events)) CHECK(chunk.find(kSecret) == std::string::npos);
  }
  REQUIRE(recording_files(dir.path()).size() == 1);  // the stream has the same key: replaced
  CHECK(fs::exists(dir.path() / "index.sqlite"));
  CHECK(files_containing(dir.path(), kSecret).empty());
  CHECK(files_containing(dir.path(), "SECRET-1234").empty());
  // The redacted fields are still there, and the harmless ones intact.
  const std::string text = read_text(recording_files(dir.path())[0]);
  CHECK(text.find("\"api_key\": \"<redacted>\"") != std::string::npos);
  CHECK(text.find("\"max_tokens\": 5") != std::string::npos);
  CHECK(text.find("X-Request-Source") != std::string::npos);
  CHECK(text.find("Authorization") == std::string::npos);

  // A different key replays the same recording, and a miss quotes no key.
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  session->set_test_id("secret-test");
  RecordingHttpClient replay(upstream, session);
  const int sends = upstream->sends;
  auto replayed = replay.open_stream(request_with_secrets("sk-other-key-5678"), StreamFormat::sse);
  CHECK(drain(*replayed.events).size() == 2);
  HttpRequest missing = request_with_secrets(kSecret);
  missing.body.as_object()["messages"] = json::array{json::object{{"role", "user"}, {"content", "x"}}};
  try {
    replay.send(missing);
    FAIL("expected a ReplayMissError");
  } catch (const ReplayMissError& e) {
    CHECK(std::string(e.what()).find(kSecret) == std::string::npos);
  }
  CHECK(upstream->sends == sends);
  CHECK(files_containing(dir.path(), kSecret).empty());
}
