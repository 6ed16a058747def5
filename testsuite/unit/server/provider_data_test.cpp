// X-LlamaStack-Provider-Data reaches the providers for its request only (and
// keys what the server records), and a graceful stop lets a stream in flight
// finish. The upstream is FakeOpenAI
// (a test double, see server_test_support.hpp), which reports the key each
// call carried.
#include "testsuite/unit/server/server_test_support.hpp"

#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording.hpp"

#include <atomic>
#include <map>
#include <thread>

using namespace server_test;

namespace {

std::string answer_of(const RawResponse& r) {
  REQUIRE(r.status == 200);
  return std::string(r.json().at("choices").at(0).at("message").at("content").as_string());
}

}  // namespace

TEST_CASE("a request's provider data reaches the provider for that request only") {
  FakeOpenAIServer s;
  auto ask = [&](const std::string& question, const llama_stack::HttpHeaders& headers) {
    return call(s.port(), "POST", "/v1/chat/completions", chat_body(kFakeModel, question, false),
                headers);
  };
  CHECK(answer_of(ask("hi", provider_data({{"openai_api_key", "sk-request"}}))) ==
        "key: Bearer sk-request");
  // The next request without the header gets the stack's own key again.
  CHECK(answer_of(ask("hi", {})) == "key: Bearer sk-env");
  // Two requests in flight at once (the double holds each until both are
  // in), each with its own key.
  std::string a, b;
  std::thread ta([&] { a = answer_of(ask("rendezvous", provider_data({{"openai_api_key", "sk-a"}}))); });
  std::thread tb([&] { b = answer_of(ask("rendezvous", provider_data({{"openai_api_key", "sk-b"}}))); });
  ta.join();
  tb.join();
  CHECK(a == "key: Bearer sk-a");
  CHECK(b == "key: Bearer sk-b");
}

TEST_CASE("stop() during a stream: the stream finishes, then the server is down") {
  FakeOpenAIServer s;
  auto client = llama_stack::make_network_http_client();
  llama_stack::HttpRequest request;
  request.url = "http://127.0.0.1:" + std::to_string(s.port()) + "/v1/chat/completions";
  request.endpoint = "/v1/chat/completions";
  request.body = json::parse(chat_body(kFakeModel, "stream please", true));
  auto stream = client->open_stream(request, llama_stack::StreamFormat::sse);
  REQUIRE(stream.status == 200);
  REQUIRE(stream.events);
  auto first = stream.events->next();
  REQUIRE(first);
  CHECK(first->find("\"one\"") != std::string::npos);

  std::atomic<bool> stopped{false};
  std::thread stopper([&] {
    s.server->stop();  // as SIGTERM does
    s.server->wait();
    stopped = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  CHECK_FALSE(stopped);  // the stream in flight holds the shutdown
  // No new connection is served meanwhile.
  CHECK(raw_exchange(s.port(), request_text("GET", "/v1/health", {}, {})).empty());

  s.upstream->release_stream();
  auto second = stream.events->next();
  REQUIRE(second);
  CHECK(second->find("\"two\"") != std::string::npos);
  CHECK_FALSE(stream.events->next());  // [DONE]
  stopper.join();
  CHECK(stopped);
  CHECK_FALSE(s.upstream->stream_abandoned());
}

namespace {

// A raw socket that has sent a streamed chat request for `prompt` and reads
// no further, so that a test can hang up or stall the server's writes.
int send_streamed_chat(int port, const char* prompt) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  const std::string request =
      request_text("POST", "/v1/chat/completions", chat_body(kFakeModel, prompt, true), {});
  REQUIRE(::send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size()));
  return fd;
}

}  // namespace

TEST_CASE("a client that hangs up mid-stream frees the upstream stream; the server goes on") {
  FakeOpenAIServer s;
  const int fd = send_streamed_chat(s.port(), "endless");
  char buffer[512];
  REQUIRE(::recv(fd, buffer, sizeof buffer, 0) > 0);  // the stream has begun
  ::close(fd);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!s.upstream->stream_abandoned() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(s.upstream->stream_abandoned());  // long before its minute is up
  CHECK(call(s.port(), "GET", "/v1/health").status == 200);
}

TEST_CASE("a client that stops reading mid-stream is dropped after the idle timeout; the upstream is freed") {
  FakeOpenAIServer s(std::chrono::milliseconds(300));
  const int fd = send_streamed_chat(s.port(), "flood");
  // Reads nothing: the server's buffers fill, a write stalls past the idle
  // timeout, and the stream (its upstream with it) is let go.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!s.upstream->stream_abandoned() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK(s.upstream->stream_abandoned());  // long before its gigabyte is out
  // What the server took from the source and could not send is bounded:
  // the socket's buffers and the server's own (64 KiB), not the source's pace.
  MESSAGE("chunks of 16 KiB taken: " << s.upstream->chunks_taken());
  CHECK(s.upstream->chunks_taken() < 1024);
  CHECK(call(s.port(), "GET", "/v1/health").status == 200);
  ::close(fd);
}

TEST_CASE("recording through the server keys each recording by its request's test id") {
  TempDir dir;
  auto upstream = std::make_shared<FakeOpenAI>();
  auto session = std::make_shared<llama_stack::replay::RecordingSession>(
      llama_stack::replay::InferenceMode::record, dir.path());
  StackServerOptions options;
  options.client.env = llama_stack::Environment::isolated();
  options.client.env.set("OPENAI_API_KEY", "sk-env");
  options.client.http = llama_stack::with_replay(upstream, session);
  options.session = session;
  options.port = 0;
  options.http.address = "127.0.0.1";
  StackServer server("inference=openai", std::move(options));
  upstream->release_stream();
  CHECK(call(server.port(), "POST", "/v1/chat/completions", chat_body(kFakeModel, "hi", false),
             provider_data({{"__test_id", "server/record::whole"}, {"openai_api_key", "sk-secret"}}))
            .status == 200);
  const auto streamed = call(server.port(), "POST", "/v1/chat/completions",
                             chat_body(kFakeModel, "hi", true),
                             provider_data({{"__test_id", "server/record::streamed"}}));
  CHECK(streamed.body.find("data: [DONE]") != std::string::npos);
  std::map<std::string, bool> written;  // test id -> streaming
  for (const auto& e : fs::directory_iterator(dir.path() / "responses")) {
    const auto rec = llama_stack::replay::read_recording(e.path());
    if (rec.test_id) written[*rec.test_id] = rec.response.is_streaming;
    CHECK(config_test::read_text(e.path()).find("sk-secret") == std::string::npos);
  }
  CHECK(written == std::map<std::string, bool>{{"server/record::streamed", true},
                                               {"server/record::whole", false}});
}
