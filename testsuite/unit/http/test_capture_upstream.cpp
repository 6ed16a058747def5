// The network client against CaptureUpstream, the capture-backed test
// double: real recorded Ollama/OpenAI exchanges, replayed over HTTP.
#include "stack/http/network_http_client.hpp"
#include "testsuite/upstream/capture_upstream.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace std::chrono_literals;
using llama_stack::HttpRequest;
using llama_stack::StreamFormat;
using llama_stack::testing::CaptureUpstream;

const fs::path captures_dir = fs::path(LLAMA_STACK_TEST_FIXTURE_DIR) / "captures";

// An Ollama /v1/chat/completions exchange recorded against 0.0.0.0:11434.
const fs::path ollama_chat = captures_dir / "common" / "1098240ef53bbd378adf8dafbd5838b16eef7d6a7d6e75d24e3c120e25e73750.json";
// The same endpoint, streamed (13 chunks).
const fs::path ollama_chat_stream =
    captures_dir / "common" / "41c28019c2c89e5962ae3043dc7015ee45aa5ee235645768a230a5fa5cd45ad9.json";
// Ollama-native /api/generate, streamed as NDJSON.
const fs::path ollama_generate_stream = captures_dir / "legacy-responses" / "168daab89068.json";

json::value read_json(const fs::path& file) {
  std::ifstream in(file);
  REQUIRE(in);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// The test's own reading of the capture format, independent of the server's.
json::value unwrap(const json::value& v) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.contains("__type__") && o.contains("__data__")) return unwrap(o.at("__data__"));
    json::object out;
    for (const auto& [k, x] : o) out[k] = unwrap(x);
    return out;
  }
  if (v.is_array()) {
    json::array out;
    for (const auto& x : v.get_array()) out.push_back(unwrap(x));
    return out;
  }
  return v;
}

// Writes raw bytes to 127.0.0.1:port and returns everything until the
// server closes (the request asks it to).
std::string raw_exchange(std::uint16_t port, const std::string& request) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(::send(fd, request.data(), request.size(), 0) == static_cast<ssize_t>(request.size()));
  std::string reply;
  char buf[4096];
  ssize_t n;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) reply.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  return reply;
}

HttpRequest request_for(const CaptureUpstream& upstream, const json::value& capture) {
  const auto& req = capture.at("request").as_object();
  HttpRequest r;
  r.url = upstream.url() + std::string(req.at("endpoint").as_string());
  r.endpoint = std::string(req.at("endpoint").as_string());
  r.body = req.at("body");
  r.timeout = 5s;
  return r;
}

std::set<std::string> model_ids(const std::string& body) {
  std::set<std::string> ids;
  const json::value list = json::parse(body);
  CHECK(list.at("object") == "list");
  std::size_t count = 0;
  for (const auto& m : list.at("data").as_array()) {
    ids.insert(std::string(m.at("id").as_string()));
    ++count;
  }
  CHECK(count == ids.size());  // no duplicates
  return ids;
}

}  // namespace

TEST_CASE("CaptureUpstream: loading") {
  CaptureUpstream upstream({captures_dir / "common"});
  CHECK(upstream.capture_count() == 21);
  CHECK_THROWS_AS(CaptureUpstream({captures_dir / "no-such-dir"}), std::runtime_error);

  const fs::path dir = fs::temp_directory_path() / ("capture-upstream-test-" + std::to_string(::getpid()));
  const auto expect_rejected = [&dir](const std::string& name, const std::string& content) {
    fs::remove_all(dir);
    fs::create_directories(dir / "nested");
    std::ofstream(dir / "nested" / name) << content;
    try {
      CaptureUpstream rejected({dir});
      FAIL("expected std::runtime_error for " << name);
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()).find(name) != std::string::npos);
    }
  };
  expect_rejected("broken.json", "{\"request\": ");
  expect_rejected("not-a-capture.json", "{\"hello\": 1}");
  expect_rejected("no-endpoint.json", R"({"request": {"url": "http://h/x"}, "response": {"body": {}}})");
  expect_rejected("stream-not-list.json",
                  R"({"request": {"url": "http://h/x", "endpoint": "/x"}, "response": {"body": {}, "is_streaming": true}})");

  // Tool-call captures (no request.url) are not HTTP exchanges: skipped.
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "tool.json") << R"({"request": {"tool_name": "t", "kwargs": {}}, "response": {"body": {}}})";
  CHECK(CaptureUpstream({dir}).capture_count() == 0);
  fs::remove_all(dir);
}

TEST_CASE("CaptureUpstream: send() returns the captured Ollama chat completion") {
  CaptureUpstream upstream({captures_dir / "common"});
  upstream.start();
  const json::value capture = read_json(ollama_chat);
  REQUIRE(capture.at("request").at("url").as_string().find("0.0.0.0:11434") != json::string::npos);

  auto client = llama_stack::make_network_http_client();
  const auto res = client->send(request_for(upstream, capture));
  CHECK(res.status == 200);
  CHECK(json::parse(res.body) == unwrap(capture.at("response").at("body")));
  CHECK(upstream.requests_served() == 1);
  CHECK(upstream.unmatched_requests().empty());

  // Key order and number spelling do not matter; a different value does.
  json::object reordered;
  const auto& body = capture.at("request").at("body").as_object();
  for (auto it = body.end(); it != body.begin();) {
    --it;
    reordered[it->key()] = it->value();
  }
  HttpRequest again = request_for(upstream, capture);
  again.body = reordered;
  CHECK(client->send(again).status == 200);
}

TEST_CASE("CaptureUpstream: open_stream() replays each captured chunk in order") {
  CaptureUpstream upstream({captures_dir / "common"});
  upstream.start();
  const json::value capture = read_json(ollama_chat_stream);
  REQUIRE(capture.at("response").at("is_streaming") == true);
  const json::value chunks = unwrap(capture.at("response").at("body"));

  auto client = llama_stack::make_network_http_client();
  auto res = client->open_stream(request_for(upstream, capture), StreamFormat::sse);
  REQUIRE(res.status == 200);
  REQUIRE(res.events);
  std::size_t i = 0;
  while (auto event = res.events->next()) {
    REQUIRE(i < chunks.as_array().size());
    CHECK(json::parse(*event) == chunks.as_array()[i]);
    ++i;
  }
  CHECK(i == chunks.as_array().size());
  CHECK(i == 13);
}

TEST_CASE("CaptureUpstream: Ollama-native streams are NDJSON; 0 equals 0.0") {
  CaptureUpstream upstream({captures_dir / "legacy-responses"});
  upstream.start();
  const json::value capture = read_json(ollama_generate_stream);
  REQUIRE(capture.at("request").at("endpoint") == "/api/generate");
  const json::value chunks = unwrap(capture.at("response").at("body"));

  auto client = llama_stack::make_network_http_client();
  HttpRequest req = request_for(upstream, capture);
  // The recording says "temperature": 0.0; a client may well send 0.
  REQUIRE(req.body.at("options").at("temperature").is_double());
  req.body.at("options").as_object()["temperature"] = 0;
  auto res = client->open_stream(req, StreamFormat::ndjson);
  REQUIRE(res.status == 200);
  CHECK(res.headers.end() != std::find(res.headers.begin(), res.headers.end(),
                                       llama_stack::HttpHeaders::value_type{"Content-Type", "application/x-ndjson"}));
  std::vector<json::value> got;
  while (auto event = res.events->next()) got.push_back(json::parse(*event));
  CHECK(got.size() == 8);
  CHECK(got == std::vector<json::value>(chunks.as_array().begin(), chunks.as_array().end()));
}

TEST_CASE("CaptureUpstream: /v1/models is the union of the captured lists, filtered by host") {
  CaptureUpstream upstream({captures_dir / "common"});
  upstream.start();
  auto client = llama_stack::make_network_http_client();
  HttpRequest list;
  list.method = "GET";
  list.url = upstream.url() + "/v1/models";

  const auto all = model_ids(client->send(list).body);
  CHECK(all.count("gpt-4"));
  CHECK(all.count("llama3.2-vision:11b"));
  CHECK(all.count("Qwen/Qwen3-0.6B"));

  upstream.only_hosts({"0.0.0.0:11434", "localhost:11434"});
  const auto ollama = model_ids(client->send(list).body);
  CHECK_FALSE(ollama.count("gpt-4"));
  CHECK_FALSE(ollama.count("Qwen/Qwen3-0.6B"));
  // Entries of both Ollama captures: one has llama3.2-vision:latest, the
  // other all-minilm:latest.
  CHECK(ollama.count("llama3.2-vision:latest"));
  CHECK(ollama.count("all-minilm:latest"));
  CHECK(ollama.count("nomic-embed-text:latest"));

  // The filter applies to all matching, not only to model lists: OpenAI's
  // streamed chat is no longer served.
  const json::value openai = read_json(captures_dir / "common" / "224f7e7bd332f0ada326039866d13b7f167d5bfa91ce752022010f1e885d869f.json");
  auto res = client->open_stream(request_for(upstream, openai), StreamFormat::sse);
  CHECK(res.status == 501);

  upstream.only_hosts({"api.openai.com"});
  CHECK(model_ids(client->send(list).body).count("gpt-4"));
  res = client->open_stream(request_for(upstream, openai), StreamFormat::sse);
  CHECK(res.status == 200);
}

TEST_CASE("CaptureUpstream: unmatched, malformed and forced-failure requests") {
  CaptureUpstream upstream({captures_dir / "common"});
  upstream.start();
  auto client = llama_stack::make_network_http_client();
  const json::value capture = read_json(ollama_chat);

  HttpRequest req = request_for(upstream, capture);
  req.body.as_object()["messages"].as_array()[0].as_object()["content"] = "never recorded";
  const auto res = client->send(req);
  CHECK(res.status == 501);
  const json::value error = json::parse(res.body).at("error");
  CHECK(error.at("message") == "capture-upstream: no capture matches POST /v1/chat/completions");
  CHECK(std::string(error.at("closest").as_string()).find("1098240ef53bbd378adf8dafbd5838b16eef7d6a7d6e75d24e3c120e25e73750.json") !=
        std::string::npos);
  const auto unmatched = upstream.unmatched_requests();
  REQUIRE(unmatched.size() == 1);
  CHECK(unmatched[0].rfind("POST /v1/chat/completions {", 0) == 0);
  CHECK(unmatched[0].find("never recorded") != std::string::npos);

  HttpRequest nowhere = request_for(upstream, capture);
  nowhere.url = upstream.url() + "/v1/nowhere";
  const auto missing = client->send(nowhere);
  CHECK(missing.status == 501);
  CHECK_FALSE(json::parse(missing.body).at("error").as_object().contains("closest"));

  // A body that is not JSON is a client bug, not a missing capture. The
  // network client only sends valid JSON, so this goes over a raw socket.
  const std::string reply = raw_exchange(upstream.port(),
                                         "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n"
                                         "Connection: close\r\n\r\n{\"model\": ");
  CHECK(reply.rfind("HTTP/1.1 400 ", 0) == 0);
  CHECK(reply.find("is not JSON") != std::string::npos);

  upstream.fail_next(503, R"({"error":"overloaded"})");
  const auto failed = client->send(request_for(upstream, capture));
  CHECK(failed.status == 503);
  CHECK(failed.body == R"({"error":"overloaded"})");
  CHECK(client->send(request_for(upstream, capture)).status == 200);
  CHECK(upstream.requests_served() == 5);
}

TEST_CASE("CaptureUpstream: concurrent clients, keep-alive, stop and restart") {
  CaptureUpstream upstream({captures_dir / "common"});
  upstream.start();
  const json::value capture = read_json(ollama_chat);
  const json::value expected = unwrap(capture.at("response").at("body"));
  auto client = llama_stack::make_network_http_client();

  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5; ++i) {
        const auto res = client->send(request_for(upstream, capture));
        if (res.status == 200 && json::parse(res.body) == expected) ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(ok == 20);
  CHECK(upstream.requests_served() == 20);

  // Pooled connections to a stopped server fail; after a restart on another
  // port the client simply connects anew.
  const HttpRequest to_stopped = request_for(upstream, capture);
  upstream.stop();
  CHECK_THROWS_AS(client->send(to_stopped), llama_stack::ConnectionError);
  upstream.start();
  CHECK(client->send(request_for(upstream, capture)).status == 200);
}
