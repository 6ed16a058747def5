#pragma once
// Shared by the server tests: a plain HTTP/1.1 client over a POSIX socket
// (it sends any bytes, malformed ones included, and reads the answer whole),
// a server over a replay stack of the shipped recordings, and FakeOpenAI, a
// TEST DOUBLE of the OpenAI upstream (an in-process HttpClient, not a model
// and not a server): it answers what the test scripts, remembers the API key
// each call carried and can hold a call or a stream until the test lets go.
#include "stack/server/stack_server.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/http_client.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace server_test {

namespace json = boost::json;
namespace fs = std::filesystem;
using config_test::TempDir;
using llama_stack::server::StackServer;
using llama_stack::server::StackServerOptions;

inline bool icontains(std::string haystack, std::string needle) {
  for (auto* s : {&haystack, &needle})
    for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return haystack.find(needle) != std::string::npos;
}

struct RawResponse {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;  // de-chunked
  json::value json() const { return json::parse(body); }
  std::string error_message() const {
    return std::string(json().at("error").at("message").as_string());
  }
};

inline std::string dechunk(const std::string& body) {
  std::string out;
  std::size_t at = 0;
  while (at < body.size()) {
    const auto eol = body.find("\r\n", at);
    if (eol == std::string::npos) break;
    const std::size_t size = std::stoul(body.substr(at, eol - at), nullptr, 16);
    if (size == 0) break;
    out += body.substr(eol + 2, size);
    at = eol + 2 + size + 2;
  }
  return out;
}

// Every response on the connection, in order.
inline std::vector<RawResponse> parse_responses(const std::string& text) {
  std::vector<RawResponse> out;
  std::size_t at = 0;
  while (at < text.size()) {
    const auto end = text.find("\r\n\r\n", at);
    if (end == std::string::npos) break;
    RawResponse r;
    r.head = text.substr(at, end - at);
    r.status = std::stoi(r.head.substr(9, 3));
    at = end + 4;
    if (icontains(r.head, "transfer-encoding: chunked")) {
      const auto last = text.find("\r\n0\r\n\r\n", at);
      const auto stop = last == std::string::npos ? text.size() : last + 7;
      r.body = dechunk(text.substr(at, stop - at));
      at = stop;
    } else {
      const auto cl = r.head.find("Content-Length: ");
      const std::size_t length = cl == std::string::npos ? 0 : std::stoul(r.head.substr(cl + 16));
      r.body = text.substr(at, length);
      at += length;
    }
    out.push_back(std::move(r));
  }
  return out;
}

// Connects to 127.0.0.1:port, sends `bytes`, reads until the server closes.
inline std::string raw_exchange(int port, const std::string& bytes) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  timeval timeout{20, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  for (std::size_t sent = 0; sent < bytes.size();) {
    const auto n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may refuse midway (413)
    sent += static_cast<std::size_t>(n);
  }
  std::string text;
  char buffer[16384];
  for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) text.append(buffer, n);
  ::close(fd);
  return text;
}

inline std::string request_text(const std::string& method, const std::string& target,
                                const std::string& body, const llama_stack::HttpHeaders& headers,
                                bool close = true) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  if (close) text += "Connection: close\r\n";
  if (!body.empty())
    text += "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
            "\r\n";
  for (const auto& [k, v] : headers) text += k + ": " + v + "\r\n";
  return text + "\r\n" + body;
}

inline RawResponse call(int port, const std::string& method, const std::string& target,
                        const std::string& body = {}, const llama_stack::HttpHeaders& headers = {}) {
  auto responses = parse_responses(raw_exchange(port, request_text(method, target, body, headers)));
  REQUIRE(responses.size() == 1);
  return responses.front();
}

inline llama_stack::HttpHeaders provider_data(const json::object& data) {
  return {{"X-LlamaStack-Provider-Data", json::serialize(data)}};
}

// What the suite's tests send (testsuite/inference/test_openai_completion.cpp).
inline std::string chat_body(const std::string& model, const std::string& question, bool stream) {
  return json::serialize(json::object{
      {"model", model},
      {"stream", stream},
      {"messages", json::array{json::object{{"role", "user"}, {"content", question}}}}});
}

constexpr const char* kOllamaModel = "ollama/llama3.2:3b-instruct-fp16";

// A server on an ephemeral loopback port over `inference=ollama` replaying a
// copy of the shipped recordings (the copy keeps the checkout's index
// untouched); no upstream is reachable.
struct ReplayServer {
  explicit ReplayServer(std::size_t max_body_bytes = 16 * 1024 * 1024,
                        std::chrono::milliseconds idle_timeout = std::chrono::seconds(60)) {
    fs::copy(fs::path("recordings") / "responses", dir.path() / "responses",
             fs::copy_options::recursive);
    StackServerOptions options;
    options.client.env = llama_stack::Environment::isolated();
    options.client.env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "replay");
    options.client.env.set("LLAMA_STACK_TEST_RECORDING_DIR", dir.path().string());
    options.client.env.set("OLLAMA_URL", "http://127.0.0.1:9");  // nothing listens there
    // The ad-hoc stack's stores (completions, conversations) live and die with the test.
    options.client.env.set("SQLITE_STORE_DIR", dir.path().string());
    options.port = 0;
    options.http.address = "127.0.0.1";
    options.http.threads = 4;
    options.http.max_body_bytes = max_body_bytes;
    options.http.idle_timeout = idle_timeout;
    server = std::make_unique<StackServer>("inference=ollama", std::move(options));
  }
  int port() const { return server->port(); }

  TempDir dir;
  std::unique_ptr<StackServer> server;
};

// TEST DOUBLE of the OpenAI upstream (see the header comment). Its model is
// "gpt-test"; a chat answers "key: <the Authorization header>". Questions
// steer it: "upstream-fails" gets a 503, "unreachable" a ConnectionError,
// "rendezvous" waits until two such calls are in flight at once.
class FakeOpenAI final : public llama_stack::HttpClient {
 public:
  llama_stack::HttpResponse send(const llama_stack::HttpRequest& request) override {
    if (request.method == "GET")
      return {200, {}, R"({"object":"list","data":[{"id":"gpt-test","object":"model"}]})"};
    {
      std::lock_guard lock(mutex_);
      chat_bodies_.push_back(request.body);
    }
    const std::string question = last_question(request);
    if (question == "unreachable")
      throw llama_stack::ConnectionError(request.url, "connection refused (test double)");
    if (question == "upstream-fails")
      return {503, {}, R"json({"error":{"message":"overloaded (test double)"}})json"};
    if (question == "rendezvous") {
      std::unique_lock lock(mutex_);
      ++in_rendezvous_;
      met_.notify_all();
      met_.wait_for(lock, std::chrono::seconds(10), [&] { return in_rendezvous_ >= 2; });
    }
    json::object answer{
        {"id", "chatcmpl-test"}, {"object", "chat.completion"}, {"created", 0}, {"model", "gpt-test"},
        {"choices", json::array{json::object{
                        {"index", 0},
                        {"message", json::object{{"role", "assistant"}, {"content", "key: " + authorization(request)}}},
                        {"finish_reason", "stop"}}}}};
    return {200, {}, json::serialize(answer)};
  }

  // Chunk "one", then (once release_stream() is called) chunk "two", then
  // the end; for the question "endless", a chunk every millisecond for a
  // minute; for "flood", 16 KiB chunks as fast as they are taken (a
  // gigabyte at most).
  llama_stack::StreamResponse open_stream(const llama_stack::HttpRequest& request,
                                          llama_stack::StreamFormat) override {
    const std::string question = last_question(request);
    return {200, {},
            std::make_unique<Gated>(*this, question == "endless", question == "flood"), {}};
  }

  void release_stream() {
    std::lock_guard lock(mutex_);
    released_ = true;
    met_.notify_all();
  }
  bool stream_abandoned() const {
    std::lock_guard lock(mutex_);
    return abandoned_;
  }
  // The bodies of the chat requests sent (not streamed) so far.
  std::vector<json::value> chat_bodies() const {
    std::lock_guard lock(mutex_);
    return chat_bodies_;
  }
  // How many chunks the last stream to end (or be abandoned) handed out.
  int chunks_taken() const {
    std::lock_guard lock(mutex_);
    return chunks_taken_;
  }

 private:
  class Gated final : public llama_stack::EventStream {
   public:
    Gated(FakeOpenAI& owner, bool endless, bool flood)
        : owner_(owner), endless_(endless), flood_(flood) {}
    ~Gated() override {
      std::lock_guard lock(owner_.mutex_);
      if (!ended_) owner_.abandoned_ = true;
      owner_.chunks_taken_ = sent_;
    }
    std::optional<std::string> next() override {
      if (flood_) {
        if (++sent_ > 65536) return ended_ = true, std::nullopt;
        return chunk(std::string(16 * 1024, 'x').c_str());
      }
      if (endless_) {
        if (++sent_ > 60000) return ended_ = true, std::nullopt;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        return chunk("more");
      }
      if (sent_ == 1) {
        std::unique_lock lock(owner_.mutex_);
        owner_.met_.wait_for(lock, std::chrono::seconds(10), [&] { return owner_.released_; });
      }
      if (sent_ == 2) return ended_ = true, std::nullopt;
      return chunk(sent_++ == 0 ? "one" : "two");
    }

   private:
    static std::string chunk(const char* word) {
      return json::serialize(json::object{
          {"id", "chatcmpl-test"}, {"object", "chat.completion.chunk"}, {"created", 0},
          {"model", "gpt-test"},
          {"choices", json::array{json::object{
                          {"index", 0}, {"delta", json::object{{"content", word}}}, {"finish_reason", nullptr}}}}});
    }

    FakeOpenAI& owner_;
    const bool endless_;
    const bool flood_;
    int sent_ = 0;
    bool ended_ = false;
  };

  static std::string last_question(const llama_stack::HttpRequest& request) {
    const auto& messages = request.body.at("messages").as_array();
    return std::string(messages.back().at("content").as_string());
  }
  static std::string authorization(const llama_stack::HttpRequest& request) {
    for (const auto& [k, v] : request.headers)
      if (k == "Authorization") return v;
    return "(none)";
  }

  mutable std::mutex mutex_;
  std::condition_variable met_;
  int in_rendezvous_ = 0;
  bool released_ = false;
  bool abandoned_ = false;
  int chunks_taken_ = 0;
  std::vector<json::value> chat_bodies_;
};

// A server over `inference=openai` whose upstream is FakeOpenAI; the stack's
// own key (OPENAI_API_KEY) is "sk-env".
struct FakeOpenAIServer {
  explicit FakeOpenAIServer(std::chrono::milliseconds idle_timeout = std::chrono::seconds(60)) {
    StackServerOptions options;
    options.client.env = llama_stack::Environment::isolated();
    options.client.env.set("OPENAI_API_KEY", "sk-env");
    options.client.http = upstream;
    options.port = 0;
    options.http.address = "127.0.0.1";
    options.http.threads = 4;
    options.http.idle_timeout = idle_timeout;
    server = std::make_unique<StackServer>("inference=openai", std::move(options));
  }
  int port() const { return server->port(); }

  std::shared_ptr<FakeOpenAI> upstream = std::make_shared<FakeOpenAI>();
  std::unique_ptr<StackServer> server;
};

constexpr const char* kFakeModel = "openai/gpt-test";

}  // namespace server_test
