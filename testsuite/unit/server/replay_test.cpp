// The server as a replay endpoint: recorded answers of the shipped
// recordings come back whole and as server-sent events, for the test id each
// request names, with no upstream reachable.
#include "testsuite/unit/server/server_test_support.hpp"

#include "stack/replay/recording.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>

#include <thread>

using namespace server_test;

namespace {

// Two recordings of the suite (recordings/responses/0a701313a01c...,
// fdb63a903b0b..., 079d9c2dbc0b...): their test ids and questions.
const std::string kTest1 =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/"
    "llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]";
const std::string kQuestion1 = "Which planet do humans live on?";
// Test 2 in the Python form, which the server maps (suite_test_id).
const std::string kPythonTest2 =
    "tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_non_"
    "streaming[openai_client-txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_completion:"
    "non_streaming_02]";
const std::string kStreamTest =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_streaming[txt=ollama/"
    "llama3.2:3b-instruct-fp16-inference:chat_completion:streaming_01]";
const std::string kStreamQuestion = "What's the name of the Sun in latin?";

// The shipped recording whose file name starts with `prefix`.
llama_stack::replay::Recording recording_of(const std::string& prefix) {
  for (const auto& e : fs::directory_iterator(fs::path("recordings") / "responses"))
    if (e.path().filename().string().rfind(prefix, 0) == 0)
      return llama_stack::replay::read_recording(e.path());
  FAIL("no recording " << prefix);
  return {};
}

json::value recorded(const std::string& prefix) { return recording_of(prefix).response.body; }

std::string question_of(const std::string& prefix) {
  return std::string(
      recording_of(prefix).request.body.at("messages").at(0).at("content").as_string());
}

// Equal but for the last digit of a double: the provider's JSON parse is not
// exact for every double (-6.124035399999999e-33 comes back ...998e-33).
bool nearly_equal(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number()) {
    const double x = a.to_number<double>(), y = b.to_number<double>();
    return x == y || std::abs(x - y) <= 1e-14 * std::max(std::abs(x), std::abs(y));
  }
  if (a.kind() != b.kind()) return false;
  if (a.is_array()) {
    const auto &x = a.get_array(), &y = b.get_array();
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!nearly_equal(x[i], y[i])) return false;
    return true;
  }
  if (a.is_object()) {
    const auto &x = a.get_object(), &y = b.get_object();
    if (x.size() != y.size()) return false;
    for (const auto& [k, v] : x)
      if (!y.contains(k) || !nearly_equal(v, y.at(k))) return false;
    return true;
  }
  return a == b;
}

std::string content_of(const json::value& completion) {
  return std::string(completion.at("choices").at(0).at("message").at("content").as_string());
}

}  // namespace

TEST_CASE("a replayed chat completion comes back as recorded, under /v1 and the OpenAI alias") {
  ReplayServer s;
  const json::value expected = recorded("0a701313a01c");
  for (const char* route : {"/v1/chat/completions", "/v1/openai/v1/chat/completions"}) {
    CAPTURE(route);
    const auto r = call(s.port(), "POST", route, chat_body(kOllamaModel, kQuestion1, false),
                        provider_data({{"__test_id", kTest1}}));
    REQUIRE(r.status == 200);
    CHECK(r.json() == expected);
  }
  // Without the test id the request is another one: a miss naming none.
  const auto miss = call(s.port(), "POST", "/v1/chat/completions",
                         chat_body(kOllamaModel, kQuestion1, false));
  CHECK(miss.status == 404);
  CHECK(miss.error_message().find("closest recording") != std::string::npos);
}

TEST_CASE("a replayed stream comes back as server-sent events, chunk by chunk, then [DONE]") {
  ReplayServer s;
  const auto r = call(s.port(), "POST", "/v1/chat/completions",
                      chat_body(kOllamaModel, kStreamQuestion, true),
                      provider_data({{"__test_id", kStreamTest}}));
  REQUIRE(r.status == 200);
  CHECK(icontains(r.head, "content-type: text/event-stream"));
  CHECK(icontains(r.head, "transfer-encoding: chunked"));
  // The events, against the recording's chunks.
  const json::array chunks = recording_of("079d9c2dbc0b").response.chunks;
  REQUIRE(chunks.size() > 2);
  std::string expected;
  for (const auto& c : chunks) expected += "data: " + json::serialize(c) + "\n\n";
  expected += "data: [DONE]\n\n";
  CHECK(r.body == expected);
}

TEST_CASE("concurrent requests of different tests each replay their own test's recording") {
  ReplayServer s;
  const std::string question2 = question_of("fdb63a903b0b");
  REQUIRE(!question2.empty());
  const std::string answer1 = content_of(recorded("0a701313a01c"));
  const std::string answer2 = content_of(recorded("fdb63a903b0b"));
  REQUIRE(answer1 != answer2);
  std::atomic<int> ok{0};
  auto run = [&](const std::string& test_id, const std::string& question, const std::string& answer) {
    for (int i = 0; i < 25; ++i) {
      const auto r = call(s.port(), "POST", "/v1/chat/completions",
                          chat_body(kOllamaModel, question, false),
                          provider_data({{"__test_id", test_id}}));
      if (r.status == 200 && content_of(r.json()) == answer) ++ok;
    }
  };
  std::thread a(run, kTest1, kQuestion1, answer1);
  std::thread b(run, kPythonTest2, question2, answer2);
  a.join();
  b.join();
  CHECK(ok == 50);
  // Each id keys only its own test: test 1's question under test 2's id misses.
  CHECK(call(s.port(), "POST", "/v1/chat/completions", chat_body(kOllamaModel, kQuestion1, false),
             provider_data({{"__test_id", kPythonTest2}}))
            .status == 404);
}

TEST_CASE("a thread's test id is its own while other threads hold theirs") {
  llama_stack::replay::RecordingSession session(llama_stack::replay::InferenceMode::replay,
                                               TempDir().path());
  session.set_test_id("process-wide");
  std::mutex m;
  std::condition_variable cv;
  int inside = 0;
  std::vector<std::optional<std::string>> seen(2);
  auto run = [&](int i) {
    llama_stack::replay::RecordingSession::ThreadTestId scope(session, "test-" + std::to_string(i));
    std::unique_lock lock(m);
    ++inside;
    cv.notify_all();
    cv.wait(lock, [&] { return inside == 2; });  // both scopes open at once
    seen[i] = session.test_id();
  };
  std::thread a(run, 0), b(run, 1);
  a.join();
  b.join();
  CHECK(seen[0] == "test-0");
  CHECK(seen[1] == "test-1");
  CHECK(session.test_id() == "process-wide");
}

TEST_CASE("keep-alive: several requests on one connection") {
  ReplayServer s;
  const std::string two = request_text("GET", "/v1/health", {}, {}, /*close=*/false) +
                          request_text("GET", "/v1/version", {}, {}, /*close=*/true);
  const auto responses = parse_responses(raw_exchange(s.port(), two));
  REQUIRE(responses.size() == 2);
  CHECK(responses[0].json().at("status") == "OK");
  CHECK(responses[1].json().as_object().contains("version"));
}

TEST_CASE("models: list, register, retrieve, unregister; routes and providers from the table") {
  ReplayServer s;
  const int port = s.port();
  auto list = call(port, "GET", "/v1/openai/v1/models");
  REQUIRE(list.status == 200);
  bool found = false;
  const json::value listed = list.json();
  for (const auto& m : listed.at("data").as_array())
    found = found || (m.at("id") == kOllamaModel && m.at("object") == "model");
  CHECK(found);

  const auto body = json::serialize(json::object{
      {"model_id", "my/alias"}, {"provider_id", "ollama"},
      {"provider_model_id", "llama3.2:3b-instruct-fp16"}});
  auto reg = call(port, "POST", "/v1/models", body);
  REQUIRE(reg.status == 200);
  CHECK(reg.json().at("identifier") == "my/alias");
  auto got = call(port, "GET", "/v1/models/my/alias");
  REQUIRE(got.status == 200);
  CHECK(got.json().at("provider_resource_id") == "llama3.2:3b-instruct-fp16");
  CHECK(call(port, "GET", "/v1/models/my%2Falias").status == 200);
  CHECK(call(port, "DELETE", "/v1/models/my/alias").json().at("deleted") == true);
  CHECK(call(port, "GET", "/v1/models/my/alias").status == 404);
  CHECK(call(port, "DELETE", "/v1/models/my/alias").status == 404);
  const auto ghost = json::serialize(json::object{{"model_id", "x"}, {"provider_id", "ghost"}});
  CHECK(call(port, "POST", "/v1/models", ghost).status == 404);

  // inspect/routes lists what the server answers, from the same table.
  auto routes = call(port, "GET", "/v1/inspect/routes").json().at("data").as_array();
  for (const auto& r : routes) {
    const std::string method(r.at("method").as_string());
    std::string path(r.at("route").as_string());
    if (path.find('{') != std::string::npos) path = path.substr(0, path.find('{')) + "x";
    CAPTURE(path);
    const auto answer = call(port, method, path, method == "POST" ? "{}" : "");
    const bool routed = answer.status == 200 || answer.error_message().rfind("no route", 0) != 0;
    CHECK(routed);
  }
  CHECK(routes.size() == 21);  // inference 5, conversations 8, models 4, providers 1, inspect 3
  auto providers = call(port, "GET", "/v1/providers").json().at("data").as_array();
  REQUIRE(providers.size() == 1);
  CHECK(providers[0].at("provider_type") == "remote::ollama");
}

TEST_CASE("every shipped Ollama recording replays through the server as recorded") {
  ReplayServer s;
  int replayed = 0;
  for (const auto& e : fs::directory_iterator(fs::path("recordings") / "responses")) {
    const auto rec = llama_stack::replay::read_recording(e.path());
    if (!rec.test_id || rec.test_id->find("=ollama/") == std::string::npos) continue;
    CAPTURE(e.path().filename().string());
    json::object body = rec.request.body.as_object();
    body["model"] = "ollama/" + std::string(body.at("model").as_string());
    const auto r = call(s.port(), "POST", rec.request.endpoint, json::serialize(body),
                        provider_data({{"__test_id", *rec.test_id}}));
    REQUIRE(r.status == 200);
    if (rec.response.is_streaming) {
      std::string expected;
      for (const auto& c : rec.response.chunks) expected += "data: " + json::serialize(c) + "\n\n";
      CHECK(r.body == expected + "data: [DONE]\n\n");
    } else {
      CHECK(nearly_equal(r.json(), rec.response.body));
    }
    ++replayed;
  }
  CHECK(replayed >= 30);  // chat, completions and embeddings, whole and streamed
}

TEST_CASE("many concurrent clients: every request answered, the right recording each time") {
  ReplayServer s;
  const std::string answer = content_of(recorded("0a701313a01c"));
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 16; ++c)
    clients.emplace_back([&] {
      for (int i = 0; i < 40; ++i) {
        const auto r = call(s.port(), "POST", "/v1/chat/completions",
                            chat_body(kOllamaModel, kQuestion1, false),
                            provider_data({{"__test_id", kTest1}}));
        if (r.status == 200 && content_of(r.json()) == answer) ++ok;
      }
    });
  for (auto& t : clients) t.join();
  CHECK(ok == 16 * 40);
}
