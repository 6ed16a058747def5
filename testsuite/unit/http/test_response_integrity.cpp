// What the network client refuses to take as an answer: a stream body that
// is no stream, a stream cut before its provider's end marker, a body over
// the size limit. Each is a BadResponseError naming the URL and status and
// quoting the start of the body, keys scrubbed; error bodies lose anything
// that looks like a key.
#include "stack/http/network_http_client.hpp"
#include "testsuite/unit/http/scripted_server.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using namespace llama_stack::testing::scripted;
using llama_stack::BadResponseError;
using llama_stack::NetworkClientOptions;
using llama_stack::StreamEnd;
using llama_stack::StreamFormat;

const char* const kSseHead = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n";
const char* const kNdjsonHead = "HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\nConnection: close\r\n\r\n";

// A server answering every connection with `head` + `body`, then closing.
TestServer answering(std::string head, std::string body) {
  return TestServer([head = std::move(head), body = std::move(body)](tcp::socket& s) {
    read_request(s);
    send_text(s, head + body);
  });
}

// Reads the whole stream; the events read, or the error's message.
struct Drained {
  std::vector<std::string> events;
  std::optional<std::string> error;
  int status = 0;
};

Drained drain_stream(TestServer& server, StreamFormat format, StreamEnd end, NetworkClientOptions options = {}) {
  auto client = llama_stack::make_network_http_client(options);
  HttpRequest req = post(server.url("/v1/chat/completions"));
  req.stream_end = end;
  Drained out;
  try {
    auto res = client->open_stream(req, format);
    REQUIRE(res.events);
    while (auto e = res.events->next()) out.events.push_back(*e);
  } catch (const BadResponseError& e) {
    out.error = e.what();
    out.status = e.status();
    CHECK(e.url() == req.url);
  }
  return out;
}

bool contains(const std::optional<std::string>& text, std::string_view part) {
  return text && text->find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("stream: a 200 body that is not SSE is an error quoting it, keys scrubbed") {
  for (const char* body : {R"({"id": "chatcmpl-1", "choices": [], "note": "key sk-proj-ABCDEFGH12345678"})",
                           "<html><body>upstream gateway</body></html>", "\x01\x02\x03 garbage"}) {
    CAPTURE(body);
    TestServer server = answering(kSseHead, body);
    const Drained d = drain_stream(server, StreamFormat::sse, StreamEnd::by_format);
    CHECK(d.events.empty());
    REQUIRE(d.error);
    CHECK(d.status == 200);
    CHECK(contains(d.error, "answered HTTP 200 with a body that is not an SSE event stream"));
    CHECK(contains(d.error, server.url("/v1/chat/completions")));
    CHECK(contains(d.error, "the body starts with '"));
    CHECK(!contains(d.error, "ABCDEFGH12345678"));
  }
  TestServer server = answering(kSseHead, R"({"id": 1})");
  CHECK(contains(drain_stream(server, StreamFormat::sse, StreamEnd::by_format).error, R"('{"id": 1}')"));
}

TEST_CASE("stream: a 200 body that is not NDJSON is an error") {
  TestServer server = answering(kNdjsonHead, "{\"response\":\"a\"}\nInternal error\n");
  const Drained d = drain_stream(server, StreamFormat::ndjson, StreamEnd::by_format);
  CHECK(d.events == std::vector<std::string>{R"({"response":"a"})"});
  CHECK(contains(d.error, "with a body that is not NDJSON"));
}

TEST_CASE("stream: an empty 200 body is a stream cut before its marker") {
  TestServer server = answering(kSseHead, "");
  const Drained d = drain_stream(server, StreamFormat::sse, StreamEnd::by_format);
  CHECK(contains(d.error, "ended before the event \"data: [DONE]\" after 0 events"));
  CHECK(contains(d.error, "(empty body)"));
}

TEST_CASE("stream: each provider's end marker completes a stream; without it the stream was cut") {
  struct Case {
    StreamFormat format;
    StreamEnd end;
    std::string complete;  // a whole stream
    std::string cut;       // the same stream without its end
    std::string expected;  // named in the error
  };
  const std::vector<Case> cases = {
      {StreamFormat::sse, StreamEnd::by_format, "data: {\"n\":1}\n\ndata: [DONE]\n\n", "data: {\"n\":1}\n\n",
       "\"data: [DONE]\""},
      {StreamFormat::sse, StreamEnd::done_event, "data: {\"n\":1}\n\ndata: [DONE]\n\n", "data: {\"n\":1}\n\n",
       "\"data: [DONE]\""},
      {StreamFormat::ndjson, StreamEnd::by_format, "{\"response\":\"a\",\"done\":false}\n{\"done\": true}\n",
       "{\"response\":\"a\",\"done\":false}\n", "a line with \"done\": true"},
      {StreamFormat::sse, StreamEnd::message_stop,
       "event: message_start\ndata: {\"type\":\"message_start\"}\n\nevent: message_stop\ndata: {\"type\": \"message_stop\"}\n\n",
       "event: message_start\ndata: {\"type\":\"message_start\"}\n\n", "message_stop"},
      {StreamFormat::sse, StreamEnd::finish_reason,
       "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: {\"choices\":[],\"usage\":{}}\n\n",
       "data: {\"choices\":[{\"delta\":{\"content\":\"x\"},\"finish_reason\":null}]}\n\n", "a chunk with a finish_reason"},
  };
  for (const auto& c : cases) {
    CAPTURE(c.complete);
    const char* head = c.format == StreamFormat::sse ? kSseHead : kNdjsonHead;
    TestServer whole = answering(head, c.complete);
    const Drained ok = drain_stream(whole, c.format, c.end);
    CHECK_FALSE(ok.error);
    CHECK(!ok.events.empty());
    TestServer cut = answering(head, c.cut);
    const Drained bad = drain_stream(cut, c.format, c.end);
    CHECK(contains(bad.error, "ended before"));
    CHECK(contains(bad.error, c.expected));
    CHECK(bad.events.size() == 1);  // what arrived was still handed over
  }
}

TEST_CASE("stream: [DONE] cannot end NDJSON; refused before anything is sent") {
  TestServer server = answering(kNdjsonHead, "{\"done\":true}\n");
  auto client = llama_stack::make_network_http_client();
  HttpRequest req = post(server.url("/api/generate"));
  req.stream_end = StreamEnd::done_event;
  CHECK_THROWS_AS(client->open_stream(req, StreamFormat::ndjson), llama_stack::InvalidRequestError);
  CHECK(server.accepted() == 0);
}

TEST_CASE("size limit: a body, a stream or an error body over the limit is refused") {
  NetworkClientOptions small;
  small.max_response_bytes = 64;
  const std::string big(200, 'x');
  SUBCASE("send, Content-Length") {
    TestServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 202\r\nConnection: close\r\n\r\n",
                                  "\"" + big + "\"");
    auto client = llama_stack::make_network_http_client(small);
    try {
      client->send(post(server.url("/v1/embeddings")));
      FAIL("expected BadResponseError");
    } catch (const BadResponseError& e) {
      const std::string what = e.what();
      CHECK(e.status() == 200);
      CHECK(what.find("answered HTTP 200 with a body larger than the limit of 64 bytes") != std::string::npos);
      CHECK(what.find("LLAMA_STACK_MAX_RESPONSE_BYTES") != std::string::npos);
      CHECK(what.find(server.url("/v1/embeddings")) != std::string::npos);
    }
  }
  SUBCASE("send, chunked") {
    TestServer server = answering("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
                                  chunk(big) + "0\r\n\r\n");
    auto client = llama_stack::make_network_http_client(small);
    CHECK_THROWS_AS(client->send(post(server.url("/v1/embeddings"))), BadResponseError);
  }
  SUBCASE("stream") {
    std::string events;
    for (int i = 0; i < 20; ++i) events += "data: {\"n\":" + std::to_string(i) + "}\n\n";
    TestServer server = answering(kSseHead, events + "data: [DONE]\n\n");
    const Drained d = drain_stream(server, StreamFormat::sse, StreamEnd::by_format, small);
    CHECK(contains(d.error, "larger than the limit of 64 bytes"));
    CHECK(d.events.size() < 20);
  }
  SUBCASE("error body of a stream") {
    TestServer server = answering("HTTP/1.1 500 Oops\r\nContent-Length: 200\r\nConnection: close\r\n\r\n", big);
    auto client = llama_stack::make_network_http_client(small);
    CHECK_THROWS_AS(client->open_stream(post(server.url("/v1/chat/completions")), StreamFormat::sse),
                    BadResponseError);
  }
  SUBCASE("at the limit is fine") {
    TestServer server = answering("HTTP/1.1 200 OK\r\nContent-Length: 64\r\nConnection: close\r\n\r\n",
                                  "\"" + std::string(62, 'y') + "\"");
    auto client = llama_stack::make_network_http_client(small);
    CHECK(client->send(post(server.url("/v1/embeddings"))).body.size() == 64);
  }
}

TEST_CASE("size limit: LLAMA_STACK_MAX_RESPONSE_BYTES") {
  using llama_stack::network_client_options;
  CHECK(network_client_options(std::nullopt).max_response_bytes == 64ull * 1024 * 1024);
  CHECK(network_client_options(std::string("1024")).max_response_bytes == 1024);
  for (const char* bad : {"", "0", "-5", "64MiB", "1e9", "99999999999999999999999"}) {
    CAPTURE(bad);
    try {
      network_client_options(std::string(bad));
      FAIL("accepted " << bad);
    } catch (const llama_stack::ConfigError& e) {
      const std::string what = e.what();
      CHECK(what.find("LLAMA_STACK_MAX_RESPONSE_BYTES='" + std::string(bad) + "'") != std::string::npos);
      CHECK(what.find("positive whole number of bytes") != std::string::npos);
    }
  }
}

TEST_CASE("error bodies: key-looking tokens are scrubbed, masked ones included") {
  const std::string body =
      R"({"error": {"message": "Incorrect API key provided: sk-VERD...9876. You can find your API key at )"
      R"(https://platform.openai.com/account/api-keys.", "type": "invalid_request_error", "code": "invalid_api_key"}})";
  TestServer server = answering("HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: " +
                                    std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n",
                                body);
  auto client = llama_stack::make_network_http_client();
  const auto res = client->send(post(server.url("/v1/chat/completions")));
  CHECK(res.status == 401);
  CHECK(res.body.find("VERD") == std::string::npos);
  CHECK(res.body.find("9876") == std::string::npos);
  CHECK(res.body.find("Incorrect API key provided: <redacted>. You can find") != std::string::npos);
  CHECK(res.body.find("invalid_api_key") != std::string::npos);  // not a key: no digit, no key prefix

  TestServer streamed = answering("HTTP/1.1 401 Unauthorized\r\nContent-Length: " + std::to_string(body.size()) +
                                      "\r\nConnection: close\r\n\r\n",
                                  body);
  const auto stream = client->open_stream(post(streamed.url("/v1/chat/completions")), StreamFormat::sse);
  CHECK(stream.error_body.find("VERD") == std::string::npos);
}

TEST_CASE("a status line outside 100-599 is not an answer (status 000 was taken as one)") {
  // Found by the http-response fuzzer.
  for (const char* status : {"000", "099", "600", "999"}) {
    CAPTURE(status);
    auto server = answering(std::string("HTTP/1.1 ") + status + " X\r\nContent-Length: 2\r\nConnection: close\r\n\r\n", "{}");
    auto client = llama_stack::make_network_http_client();
    try {
      client->send(post(server.url("/v1/chat/completions")));
      FAIL("expected a BadResponseError");
    } catch (const BadResponseError& e) {
      CHECK(std::string(e.what()).find("which is not a status (100-599)") != std::string::npos);
    }
  }
}
