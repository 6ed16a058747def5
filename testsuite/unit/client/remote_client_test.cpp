// LlamaStackClient::from_url against a server of the same stack in process
// (ephemeral loopback ports): the calls answer as the library client's do,
// the test id and provider data travel in X-LlamaStack-Provider-Data,
// streams arrive chunk by chunk, and each error status comes back as the
// stack's error type with the server's message.
#include "stack/client/http_transport.hpp"
#include "stack/client/library_client.hpp"
#include "testsuite/unit/server/server_test_support.hpp"

using namespace server_test;
using namespace llama_stack;

namespace {

// Recorded in the shipped recordings (see testsuite/unit/server/replay_test.cpp).
const std::string kTest1 =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/"
    "llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]";
const std::string kStreamTest =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_streaming[txt=ollama/"
    "llama3.2:3b-instruct-fp16-inference:chat_completion:streaming_01]";

json::object chat(const std::string& model, const std::string& question) {
  return {{"model", model},
          {"messages", json::array{json::object{{"role", "user"}, {"content", question}}}}};
}

std::string url_of(int port) { return "http://127.0.0.1:" + std::to_string(port); }

LlamaStackClient remote(int port, json::object provider_data = {}) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.provider_data = std::move(provider_data);
  return LlamaStackClient::from_url(url_of(port), options);
}

}  // namespace

TEST_CASE("a remote client answers what the server's library client answers") {
  ReplayServer s;
  auto client = remote(s.port());
  auto& local = s.server->client();
  CHECK(client.is_remote());
  CHECK_FALSE(local.is_remote());

  std::vector<std::string> remote_ids, local_ids;
  for (const auto& m : client.models.list()) remote_ids.push_back(m.identifier);
  for (const auto& m : local.models.list()) local_ids.push_back(m.identifier);
  CHECK(!remote_ids.empty());
  CHECK(remote_ids == local_ids);
  CHECK(client.models.retrieve(kOllamaModel).provider_id == "ollama");
  CHECK(client.inspect.health().at("status") == "OK");
  CHECK(client.inspect.version() == local.inspect.version());
  CHECK(client.inspect.routes().size() == local.inspect.routes().size());
  const auto providers = client.providers.list();
  REQUIRE(providers.size() == local.providers.list().size());
  CHECK(providers[0].provider_id == local.providers.list()[0].provider_id);
  CHECK(providers[0].running);
  CHECK_THROWS_AS(client.stack(), UnsupportedError);
}

TEST_CASE("the test id goes with each call, and streams come chunk by chunk") {
  ReplayServer s;
  auto client = remote(s.port());
  // Without the test id the recording is not found: the id is what selects it.
  CHECK_THROWS_AS(
      client.chat.completions.create(chat(kOllamaModel, "Which planet do humans live on?")),
      NotFoundError);
  client.set_test_id(kTest1);
  auto params = chat(kOllamaModel, "Which planet do humans live on?");
  params["stream"] = false;  // as recorded
  auto answer = client.chat.completions.create(params);
  REQUIRE(answer.choices.size() == 1);
  CHECK(answer.choices[0].message.content.value_or("").find("Earth") != std::string::npos);

  client.set_test_id(kStreamTest);
  std::string text;
  int chunks = 0;
  for (const auto& chunk :
       client.chat.completions.stream(chat(kOllamaModel, "What's the name of the Sun in latin?"))) {
    ++chunks;
    if (!chunk.choices.empty()) text += chunk.choices[0].delta.content.value_or("");
  }
  CHECK(chunks > 2);
  CHECK(text.find("Sol") != std::string::npos);
  CHECK_THROWS_AS(client.chat.completions.create({{"model", kOllamaModel}, {"stream", true}}),
                  InvalidRequestError);
}

TEST_CASE("error statuses come back as the stack's error types") {
  FakeOpenAIServer s;
  auto client = remote(s.port(), {{"openai_api_key", "sk-client"}});
  // The provider data reached the provider: its key is the one sent.
  auto answer = client.chat.completions.create(chat(kFakeModel, "hello"));
  REQUIRE(answer.choices.size() == 1);
  CHECK(answer.choices[0].message.content.value_or("").find("sk-client") != std::string::npos);

  try {
    client.chat.completions.create(chat(kFakeModel, "upstream-fails"));
    FAIL("no error");
  } catch (const UpstreamError& e) {
    CHECK(e.status() == 503);
    CHECK(e.provider_id() == "openai");
    CHECK(e.upstream_message().find("overloaded") != std::string::npos);
  }
  CHECK_THROWS_AS(client.chat.completions.create(chat(kFakeModel, "unreachable")), ConnectionError);
  CHECK_THROWS_AS(client.chat.completions.create(chat("no-such-model", "hi")), NotFoundError);
  CHECK_THROWS_AS(client.chat.completions.create({{"model", kFakeModel}}), InvalidRequestError);
  CHECK_THROWS_AS(client.models.retrieve("no/such/model"), NotFoundError);
}

TEST_CASE("a server that is not there, a bad URL and a bad timeout are named") {
  CHECK_THROWS_AS(remote(9).models.list(), ConnectionError);  // nothing listens on port 9
  CHECK_THROWS_AS(LlamaStackClient::from_url("localhost:8321"), ConnectionError);
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set(std::string(kClientTimeoutVariable), "soon");
  try {
    LlamaStackClient::from_url("http://127.0.0.1:9", options);
    FAIL("no error");
  } catch (const ConfigError& e) {
    CHECK(std::string(e.what()).find("LLAMA_STACK_CLIENT_TIMEOUT='soon'") != std::string::npos);
  }
  CHECK(client_timeout(std::string("2.5")) == std::chrono::milliseconds(2500));
  CHECK(client_timeout(std::nullopt) == std::chrono::seconds(120));
}

namespace {

// TEST DOUBLE of a server at the HttpClient seam: answers what the test
// sets and keeps the last request, to check what the client sends and how
// it reads answers no real server of ours gives (a non-JSON error body).
class ScriptedServer final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& request) override {
    last = request;
    return answer;
  }
  StreamResponse open_stream(const HttpRequest& request, StreamFormat) override {
    last = request;
    struct Events final : EventStream {
      explicit Events(std::vector<std::string> e) : events(std::move(e)) {}
      std::optional<std::string> next() override {
        if (at == events.size()) return std::nullopt;
        return events[at++];
      }
      std::vector<std::string> events;
      std::size_t at = 0;
    };
    StreamResponse r;
    r.status = 200;
    r.events = std::make_unique<Events>(events);
    return r;
  }
  std::string header(const std::string& name) const {
    for (const auto& [k, v] : last.headers)
      if (k == name) return v;
    return {};
  }
  HttpResponse answer{200, {}, "{}"};
  std::vector<std::string> events;
  HttpRequest last;
};

LlamaStackClient scripted(std::shared_ptr<ScriptedServer> server, json::object provider_data = {}) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set(std::string(kClientTimeoutVariable), "7");
  options.http = std::move(server);
  options.provider_data = std::move(provider_data);
  return LlamaStackClient::from_url("http://stack.test:8321/v1/", options);
}

}  // namespace

TEST_CASE("what a remote call sends: URL, path parameters, provider data and test id, timeout") {
  auto server = std::make_shared<ScriptedServer>();
  auto client = scripted(server, {{"openai_api_key", "sk-1"}});
  server->answer.body = R"({"data": []})";
  client.models.list();
  CHECK(server->last.method == "GET");
  CHECK(server->last.url == "http://stack.test:8321/v1/models");
  CHECK(server->last.timeout == std::chrono::seconds(7));
  CHECK(json::parse(server->header("X-LlamaStack-Provider-Data")) ==
        json::parse(R"({"openai_api_key": "sk-1"})"));

  client.set_test_id("inference/x.cpp::test_y");
  server->answer.body =
      R"({"identifier": "p/a b", "provider_id": "p", "provider_resource_id": "a b",
                            "model_type": "llm", "metadata": {}})";
  client.models.retrieve("p/a b");
  CHECK(server->last.url == "http://stack.test:8321/v1/models/p/a%20b");
  json::object sent = json::parse(server->header("X-LlamaStack-Provider-Data")).as_object();
  // The token of this start of the test (the server restarts its ids per start).
  REQUIRE(sent.contains("__test_start"));
  const std::string start(sent.at("__test_start").as_string());
  CHECK_FALSE(start.empty());
  sent.erase("__test_start");
  CHECK(sent == json::parse(R"({"openai_api_key": "sk-1", "__test_id": "inference/x.cpp::test_y"})"));
  client.models.retrieve("p/a b");  // the same start: the same token
  CHECK(json::parse(server->header("X-LlamaStack-Provider-Data")).at("__test_start") == start.c_str());
  client.set_test_id("inference/x.cpp::test_y");  // started again: a new token
  client.models.retrieve("p/a b");
  CHECK(json::parse(server->header("X-LlamaStack-Provider-Data")).at("__test_start") != start.c_str());
  client.set_test_id(std::nullopt);
  client.set_provider_data({});
  server->answer.body = R"({"data": []})";
  client.models.list();
  CHECK(server->header("X-LlamaStack-Provider-Data").empty());
}

TEST_CASE("a non-JSON error body is quoted, and an error event ends a stream with its error") {
  auto server = std::make_shared<ScriptedServer>();
  auto client = scripted(server);
  server->answer = {500, {}, "<html>proxy trouble</html>"};
  try {
    client.models.list();
    FAIL("no error");
  } catch (const StackError& e) {
    CHECK(std::string(e.what()).find("answered HTTP 500: <html>proxy trouble") !=
          std::string::npos);
  }
  // A long upstream message (std::regex would recurse per character) keeps its parts.
  const std::string long_text(100000, 'x');
  server->answer = {502, {}, json::serialize(json::object{{"error", json::object{
      {"message", "provider 'groq': upstream returned HTTP 429: " + long_text},
      {"type", "upstream_error"}, {"code", "502"}}}})};
  try {
    client.models.list();
    FAIL("no error");
  } catch (const UpstreamError& e) {
    CHECK(e.provider_id() == "groq");
    CHECK(e.status() == 429);
    CHECK(e.upstream_message() == long_text);
  }
  server->answer = {200, {}, "not json"};
  CHECK_THROWS_AS(client.models.list(), BadResponseError);

  server->events = {R"({"id": "c1", "model": "m", "choices": []})",
                    R"({"error": {"message": "provider 'ollama': upstream returned HTTP 503: busy",
                                  "type": "upstream_error", "code": "502"}})"};
  auto stream = client.chat.completions.stream(chat("m", "hi"));
  CHECK(stream.next().has_value());
  try {
    stream.next();
    FAIL("no error");
  } catch (const UpstreamError& e) {
    CHECK(e.provider_id() == "ollama");
    CHECK(e.status() == 503);
    CHECK(e.upstream_message() == "busy");
  }
  CHECK(server->last.body.as_object().at("stream") == true);
}
