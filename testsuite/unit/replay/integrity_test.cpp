// A recording never lies: an answer the stack cannot take as the answer (a
// stream cut before its end marker, a stream body that is no stream, a
// non-JSON 200, a body over the size limit) is an error and is not
// recorded, so record-if-missing asks again next time; and an error body
// that is recorded has lost what looks like a key. Against ScriptedUpstream
// (payload level) and, through the network client, against scripted
// loopback servers (byte level).
#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/replay_miss.hpp"
#include "testsuite/unit/http/scripted_server.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;
namespace scripted = llama_stack::testing::scripted;

namespace {

RecordingHttpClient recording_client(std::shared_ptr<HttpClient> upstream, const fs::path& dir,
                                     InferenceMode mode = InferenceMode::record_if_missing) {
  auto session = std::make_shared<RecordingSession>(mode, dir);
  session->set_test_id("suite::integrity");
  return RecordingHttpClient(std::move(upstream), std::move(session));
}

std::string error_of_stream(RecordingHttpClient& client, const HttpRequest& request, StreamFormat format) {
  try {
    auto stream = client.open_stream(request, format);
    REQUIRE(stream.events);
    drain(*stream.events);
  } catch (const BadResponseError& e) {
    return e.what();
  }
  return "";
}

std::vector<std::string> chunk_payloads(std::initializer_list<const char*> payloads) {
  return {payloads.begin(), payloads.end()};
}

}  // namespace

TEST_CASE("a 200 answer that is not JSON is an error and not recorded: the next run asks again") {
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  upstream->respond = [](const HttpRequest&) {
    return HttpResponse{200, {}, "<html>maintenance, key sk-live-ABCDEFGH99</html>"};
  };
  auto client = recording_client(upstream, dir.path());
  for (int attempt = 1; attempt <= 2; ++attempt) {
    try {
      client.send(chat_request("not json"));
      FAIL("expected BadResponseError");
    } catch (const BadResponseError& e) {
      const std::string what = e.what();
      CHECK(e.status() == 200);
      CHECK(what.find("POST http://127.0.0.1:11434/v1/chat/completions answered HTTP 200 with a body that is not JSON") !=
            std::string::npos);
      CHECK(what.find("'<html>maintenance") != std::string::npos);
      CHECK(what.find("ABCDEFGH99") == std::string::npos);
      CHECK(what.find("not recorded") != std::string::npos);
    }
    CHECK(upstream->sends == attempt);  // never answered from a recording
  }
  CHECK(recording_files(dir.path()).empty());

  // A caller that asked for something else than JSON gets it recorded.
  HttpRequest text = chat_request("text please");
  text.headers.emplace_back("Accept", "text/plain");
  CHECK(client.send(text).status == 200);
  CHECK(recording_files(dir.path()).size() == 1);
}

TEST_CASE("a stream without its provider's payload marker is an error and not recorded") {
  struct Case {
    StreamFormat format;
    StreamEnd end;
    std::vector<std::string> whole;  // ends with the marker
    std::string expected;
  };
  const std::vector<Case> cases = {
      {StreamFormat::ndjson, StreamEnd::by_format,
       chunk_payloads({R"({"response":"a","done":false})", R"({"response":"","done":true})"}), "\"done\": true"},
      {StreamFormat::sse, StreamEnd::message_stop,
       chunk_payloads({R"({"type":"message_start"})", R"({"type":"message_delta"})", R"({"type":"message_stop"})"}),
       "message_stop"},
      {StreamFormat::sse, StreamEnd::finish_reason,
       chunk_payloads({R"({"choices":[{"delta":{"content":"x"},"finish_reason":null}]})",
                       R"({"choices":[{"delta":{},"finish_reason":"stop"}]})", R"({"choices":[],"usage":{}})"}),
       "finish_reason"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.expected);
    TempDir dir;
    auto upstream = std::make_shared<ScriptedUpstream>();
    auto client = recording_client(upstream, dir.path());
    HttpRequest request = chat_request("stream " + c.expected);
    request.stream_end = c.end;

    // Cut: every payload but the marker's.
    std::vector<std::string> cut(c.whole.begin(), c.whole.end());
    cut.erase(cut.end() - (c.end == StreamEnd::finish_reason ? 2 : 1));
    upstream->chunks = [cut](const HttpRequest&) { return cut; };
    const std::string error = error_of_stream(client, request, c.format);
    CHECK(error.find("ended before") != std::string::npos);
    CHECK(error.find(c.expected) != std::string::npos);
    CHECK(error.find("not recorded") != std::string::npos);
    CHECK(recording_files(dir.path()).empty());

    upstream->chunks = [whole = c.whole](const HttpRequest&) { return whole; };
    CHECK(error_of_stream(client, request, c.format).empty());
    CHECK(recording_files(dir.path()).size() == 1);
    CHECK(upstream->streams == 2);
  }
}

TEST_CASE("recorded error bodies lose key-looking tokens, masked ones included") {
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  upstream->respond = [](const HttpRequest&) {
    return HttpResponse{401, {}, R"({"error": {"message": "Incorrect API key provided: sk-VERD...9876.", "code": "invalid_api_key"}})"};
  };
  upstream->stream_status = 401;
  auto client = recording_client(upstream, dir.path(), InferenceMode::record);
  const HttpResponse answer = client.send(chat_request("bad key"));
  CHECK(answer.status == 401);
  CHECK(answer.body.find("VERD") == std::string::npos);
  CHECK(answer.body.find("Incorrect API key provided: <redacted>.") != std::string::npos);
  const auto stream = client.open_stream(chat_request("bad key, streamed"), StreamFormat::sse);
  CHECK(stream.status == 401);
  REQUIRE(recording_files(dir.path()).size() == 2);
  for (const auto& file : recording_files(dir.path())) {
    CAPTURE(file);
    const std::string text = read_text(file);
    CHECK(text.find("VERD") == std::string::npos);
    CHECK(text.find("9876") == std::string::npos);
  }
  CHECK(answer.body.find("invalid_api_key") != std::string::npos);  // no key: left alone
}

TEST_CASE("an error body recorded before scrubbing replays without its masked key") {
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  upstream->respond = [](const HttpRequest&) {
    return HttpResponse{401, {}, R"({"error": {"message": "Incorrect API key provided: PLACEHOLDER."}})"};
  };
  upstream->stream_status = 401;
  auto recorder = recording_client(upstream, dir.path(), InferenceMode::record);
  recorder.send(chat_request("old"));
  recorder.open_stream(chat_request("old, streamed"), StreamFormat::sse);
  // As an older stack stored them: the upstream's text, key and all.
  for (const auto& file : recording_files(dir.path())) {
    std::string text = read_text(file);
    for (const std::string_view from : {"PLACEHOLDER", "scripted failure"}) {
      const auto at = text.find(from);
      if (at != std::string::npos) text.replace(at, from.size(), "sk-VERD...9876");
    }
    write_text(file, text);
  }
  auto replayer = recording_client(upstream, dir.path(), InferenceMode::replay);
  const HttpResponse answer = replayer.send(chat_request("old"));
  CHECK(answer.status == 401);
  CHECK(answer.body.find("Incorrect API key provided: <redacted>.") != std::string::npos);
  const auto stream = replayer.open_stream(chat_request("old, streamed"), StreamFormat::sse);
  CHECK(stream.status == 401);
  CHECK(stream.error_body.find("<redacted>") != std::string::npos);
  CHECK(stream.error_body.find("VERD") == std::string::npos);
}

TEST_CASE("a stream recording without a single event (older stacks recorded those) is an error") {
  TempDir dir;
  auto upstream = std::make_shared<ScriptedUpstream>();
  auto recorder = recording_client(upstream, dir.path(), InferenceMode::record);
  drain(*recorder.open_stream(chat_request("empty"), StreamFormat::sse).events);
  const fs::path file = recording_files(dir.path()).at(0);
  json::value v = json::parse(read_text(file));
  v.at("response").as_object()["chunks"] = json::array{};
  write_text(file, json::serialize(v));
  for (InferenceMode mode : {InferenceMode::replay, InferenceMode::record_if_missing}) {
    auto replayer = recording_client(upstream, dir.path(), mode);
    try {
      replayer.open_stream(chat_request("empty"), StreamFormat::sse);
      FAIL("expected a RecordingFileError");
    } catch (const RecordingFileError& e) {
      CHECK(e.file() == file);
      CHECK(std::string(e.what()).find("without a single event") != std::string::npos);
      CHECK(std::string(e.what()).find("re-record it") != std::string::npos);
    }
  }
  CHECK(upstream->streams == 1);
}

TEST_CASE("through the network client: garbage, cut and oversized answers are never recorded") {
  using scripted::TestServer;
  const std::string sse_head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
  struct Case {
    std::string name;
    std::string response;  // what the server sends
    bool stream;
    std::string expected;  // in the error
  };
  std::string many_events;
  for (int i = 0; i < 50; ++i) many_events += "data: {\"choices\":[{\"delta\":{\"content\":\"x\"}}]}\n\n";
  const std::vector<Case> cases = {
      {"plain JSON to a stream request", sse_head + R"({"id":"chatcmpl-1","choices":[]})", true,
       "not an SSE event stream"},
      {"a stream cut before [DONE]", sse_head + "data: {\"choices\":[]}\n\n", true, "ended before"},
      {"a stream over the size limit", sse_head + many_events + "data: [DONE]\n\n", true, "larger than the limit"},
      {"a body over the size limit",
       "HTTP/1.1 200 OK\r\nContent-Length: 2000\r\nConnection: close\r\n\r\n" + std::string(2000, ' '), false,
       "larger than the limit"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.name);
    TempDir dir;
    TestServer server([response = c.response](scripted::tcp::socket& s) {
      scripted::read_request(s);
      scripted::send_text(s, response);
    });
    NetworkClientOptions options;
    options.max_response_bytes = 1024;
    auto client = recording_client(std::shared_ptr<HttpClient>(make_network_http_client(options)), dir.path());
    HttpRequest request = chat_request(c.name);
    request.url = server.url("/v1/chat/completions");
    std::string error;
    try {
      if (c.stream) {
        auto stream = client.open_stream(request, StreamFormat::sse);
        REQUIRE(stream.events);
        drain(*stream.events);
      } else {
        client.send(request);
      }
    } catch (const BadResponseError& e) {
      error = e.what();
    }
    CHECK(error.find(c.expected) != std::string::npos);
    CHECK(recording_files(dir.path()).empty());
  }
}
