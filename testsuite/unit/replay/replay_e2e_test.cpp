// End to end through the in-process library client: the ollama tests of
// Step 1 (chat, streaming chat, model discovery) are recorded against
// CaptureUpstream, then the upstream is stopped and they are replayed with
// OLLAMA_URL pointing at a dead port, giving identical results. CaptureUpstream
// is a loopback test double that answers only from real exchanges the Python
// Llama Stack captured from a real Ollama (testsuite/fixtures/captures, MIT);
// every expected answer is read from a capture file.
#include "stack/client/library_client.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/replay/replay_miss.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/unit/replay/private_mounts.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"
#include "testsuite/upstream/capture_upstream.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace replay_test;
using llama_stack::replay::InferenceMode;
using llama_stack::replay::RecordingSession;
using llama_stack::testing::CaptureUpstream;
using llama_stack::testing::read_capture_file;

namespace {

const fs::path kCaptures = llama_stack::testing::fixture_dir() / "captures";
// Nothing listens on the discard port: any call that reaches the network fails.
constexpr const char* kDeadUrl = "http://127.0.0.1:9";

ClientOptions options_for(const std::string& ollama_url, std::shared_ptr<RecordingSession> session) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set("OLLAMA_URL", ollama_url);
  // The caller wires the seam: the network client, recorded by the session.
  options.http = with_replay(std::shared_ptr<HttpClient>(make_network_http_client()), std::move(session));
  return options;
}

// The captured request body, with the model named as the stack knows it.
json::object params_of(const llama_stack::testing::CaptureFile& capture) {
  json::object params = capture.request.at("body").as_object();
  params["model"] = "ollama/" + std::string(params.at("model").as_string());
  if (capture.is_streaming) params.erase("stream");  // stream() sets it, as captured
  return params;
}

// What the Step 1 tests observe, in a form that compares whole.
struct Observed {
  std::vector<std::string> models;  // "identifier type"
  json::object chat;
  std::vector<json::object> chunks;
};

const auto kChat = read_capture_file(
    kCaptures / "inference" / "b25e641e43bf2d8fd5729a97ac478122d328f6459b179d5ab2ffcadfc6ce02c3.json");
const auto kStream = read_capture_file(
    kCaptures / "inference" / "42ad86f93eda42a3a73cddb74e533217ddcff6366b52a52718b86148f0e16a7c.json");

Observed run_step1_tests(LlamaStackClient& client, RecordingSession* session) {
  Observed o;
  for (const auto& m : client.models.list()) o.models.push_back(m.identifier + " " + m.model_type);
  if (session) session->set_test_id("testsuite/inference/ollama::chat_non_streaming");
  const auto response = client.chat.completions.create(params_of(kChat));
  REQUIRE(response.choices.size() == 1);
  CHECK(*response.choices[0].message.content ==
        kChat.response_body.at("choices").at(0).at("message").at("content").as_string());
  o.chat = response.raw;
  if (session) session->set_test_id("testsuite/inference/ollama::chat_streaming");
  std::string text;
  for (const auto& chunk : client.chat.completions.stream(params_of(kStream))) {
    for (const auto& c : chunk.choices) text += c.delta.content.value_or("");
    o.chunks.push_back(chunk.raw);
  }
  std::string expected;
  for (const auto& c : kStream.response_body.as_array())
    if (const auto* content = c.at("choices").at(0).at("delta").as_object().if_contains("content");
        content && content->is_string())
      expected += content->as_string();
  CHECK(text == expected);
  CHECK(o.chunks.size() == kStream.response_body.as_array().size());
  return o;
}

bool has(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

// Runs the Step 1 tests against the upstream, recording them into `dir`.
Observed record_step1_tests(const fs::path& dir) {
  CaptureUpstream ollama({kCaptures});
  ollama.only_hosts({"0.0.0.0:11434", "localhost:11434"});
  ollama.start();
  auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir);
  auto client = LlamaStackClient::from_config("inference=ollama",
                                              options_for(ollama.url(), session));
  CHECK(client.stack().warnings().empty());
  Observed recorded = run_step1_tests(client, session.get());
  CHECK(ollama.unmatched_requests().empty());
  CHECK(ollama.requests_served() == 3);  // model list, chat, streaming chat
  ollama.stop();
  return recorded;
}

}  // namespace

TEST_CASE("record the ollama tests against the upstream, stop it, replay them identically") {
  TempDir dir;
  const Observed recorded = record_step1_tests(dir.path());
  CHECK(has(recorded.models, "ollama/llama3.2:3b-instruct-fp16 llm"));
  CHECK(has(recorded.models, "ollama/nomic-embed-text:latest embedding"));
  CHECK(recording_files(dir.path()).size() == 3);

  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(kDeadUrl, session));
  CHECK(client.stack().warnings().empty());
  const Observed replayed = run_step1_tests(client, session.get());
  CHECK(replayed.models == recorded.models);
  CHECK(replayed.chat == recorded.chat);
  CHECK(replayed.chunks == recorded.chunks);
  CHECK(session->used().size() == 3);

  // A request nobody recorded fails as a miss naming the test, not as a
  // connection error: replay never reaches the network.
  session->set_test_id("testsuite/inference/ollama::unrecorded");
  try {
    client.chat.completions.create(params_of(kChat));
    FAIL("expected a ReplayMissError");
  } catch (const replay::ReplayMissError& e) {
    CHECK(std::string(e.what()).find("testsuite/inference/ollama::unrecorded") != std::string::npos);
    CHECK(std::string(e.what()).find("/v1/chat/completions") != std::string::npos);
  }
}

TEST_CASE("live mode through the library client touches no file") {
  TempDir dir;
  const fs::path recordings = dir.path() / "recordings";
  CaptureUpstream ollama({kCaptures});
  ollama.only_hosts({"0.0.0.0:11434", "localhost:11434"});
  ollama.start();
  auto session = std::make_shared<RecordingSession>(InferenceMode::live, recordings);
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(ollama.url(), session));
  const Observed o = run_step1_tests(client, session.get());
  CHECK(o.chat.at("id") == kChat.response_body.at("id"));
  CHECK_FALSE(fs::exists(recordings));
  CHECK(fs::is_empty(dir.path()));
}

TEST_CASE("the environment selects the mode and directory of a plain stack") {
  TempDir dir;
  CaptureUpstream ollama({kCaptures});
  ollama.only_hosts({"0.0.0.0:11434", "localhost:11434"});
  ollama.start();
  ClientOptions options = options_for(ollama.url(), nullptr);
  options.http = nullptr;  // from_config builds it, as the environment asks
  options.env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "record-if-missing");
  options.env.set("LLAMA_STACK_TEST_RECORDING_DIR", dir.path().string());
  {
    auto client = LlamaStackClient::from_config("inference=ollama", options);
    auto* recorder = dynamic_cast<replay::RecordingHttpClient*>(&client.stack().http());
    REQUIRE(recorder != nullptr);
    CHECK(recorder->session().mode() == InferenceMode::record_if_missing);
    CHECK(recorder->session().dir() == dir.path());
  }
  CHECK(recording_files(dir.path()).size() == 1);  // model discovery was recorded
  options.env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "bogus");
  CHECK_THROWS_WITH_AS(LlamaStackClient::from_config("inference=ollama", options),
                       doctest::Contains("valid modes: replay, record-if-missing, record, live"),
                       ConfigError);
  options.env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "live");
  auto live = LlamaStackClient::from_config("inference=ollama", options);
  CHECK(dynamic_cast<replay::RecordingHttpClient*>(&live.stack().http()) == nullptr);
}

TEST_CASE("a model missing because the model list was never recorded says so, with the command") {
  TempDir dir;  // no recordings at all
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(kDeadUrl, session));
  const auto error = [&] {
    try {
      client.chat.completions.create(params_of(kChat));
    } catch (const NotFoundError& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  }();
  CHECK(error.find("provider 'ollama' could not list its models") != std::string::npos);
  CHECK(error.find("no recording of the model list (replay mode)") != std::string::npos);
  CHECK(error.find("available models: (none)") == std::string::npos);
}

TEST_CASE("live mode: a model missing because the server refused the connection says refused") {
  auto session = std::make_shared<RecordingSession>(InferenceMode::live, "unused");
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(kDeadUrl, session));
  try {
    client.chat.completions.create(params_of(kChat));
    FAIL("expected a NotFoundError");
  } catch (const NotFoundError& e) {
    const std::string what = e.what();
    CHECK(what.find("provider 'ollama' could not list its models") != std::string::npos);
    CHECK(what.find("refused") != std::string::npos);
  }
}

TEST_CASE("replay from a read-only recordings directory finds the models and answers") {
  // A CI cache or a read-only checkout: the index cannot be written there.
  if (const auto why = mounts_unavailable()) {
    MESSAGE("SKIPPED: this test needs a private mount namespace (root): " << *why);
    return;
  }
  TempDir dir;
  const Observed recorded = record_step1_tests(dir.path());
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(dir.path().string() + "/index.sqlite" + suffix);
  const MountGuard read_only = MountGuard::read_only(dir.path());
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(kDeadUrl, session));
  const Observed replayed = run_step1_tests(client, session.get());
  CHECK(replayed.models == recorded.models);
  CHECK(replayed.chat == recorded.chat);
  CHECK(replayed.chunks == recorded.chunks);
  CHECK_FALSE(fs::exists(dir.path() / "index.sqlite"));
}
