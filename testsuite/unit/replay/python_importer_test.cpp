// The importer on the Python Llama Stack's recordings (the copies in
// testsuite/fixtures/captures, MIT): everything imports under our keys, and
// an imported chat completion replays through the library client, for the
// same request and test id, as the response Python recorded.
#include "stack/client/library_client.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/replay/python_importer.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/test_id_mapping.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;
using llama_stack::testing::read_capture_file;

namespace {

const fs::path kCaptures = llama_stack::testing::fixture_dir() / "captures";

std::size_t json_files_below(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".json") ++n;
  return n;
}

}  // namespace

TEST_CASE("the Python captures import under our keys, once, and verify") {
  TempDir dir;
  ReplayStore store(dir.path());
  const auto report = import_python_recordings(kCaptures, store);
  CHECK(report.files == json_files_below(kCaptures));
  CHECK(report.problems.empty());
  // Fewer than the files: the Python tests run once per client collapse onto
  // one test id (stack/replay/test_id_mapping.hpp), so onto one key.
  CHECK(report.imported > 650);
  CHECK(report.imported + report.duplicates + report.unsupported == report.files);
  CHECK(recording_files(dir.path()).size() == report.imported);
  CHECK(store.verify().problems.empty());
  CHECK(store.list().size() == report.imported);
  // Model lists lost their "POST" and their test id, and were given their wire shape.
  const auto models = store.list({.test = "", .model = "", .endpoint = "/v1/models"});
  REQUIRE_FALSE(models.empty());
  for (const auto& row : models) {
    CHECK(row.id.starts_with("models-"));
    CHECK_FALSE(row.test_id);
    const auto r = read_recording(dir.path() / row.response_file);
    CHECK(r.request.method == "GET");
    CHECK(r.request.body.is_null());
    CHECK(r.response.body.at("data").is_array());
  }
  // Importing again changes nothing.
  const auto again = import_python_recordings(kCaptures, store);
  CHECK(again.imported == 0);
  CHECK(again.already_present == report.imported);
  CHECK_THROWS_WITH_AS(import_python_recordings(dir.path() / "nope", store),
                       doctest::Contains("not a directory"), StackError);
}

TEST_CASE("an imported request is the body that went over the wire") {
  const json::value recorded = json::parse(R"({
    "test_id": "t",
    "request": {"method": "POST", "url": "http://0.0.0.0:11434/v1/v1/completions", "headers": {},
                "endpoint": "/v1/completions", "model": "m",
                "body": {"model": "m", "prompt": "p", "extra_body": {"guided_choice": ["a", "b"]}}},
    "response": {"body": {"__type__": "openai.types.completion.Completion",
                          "__data__": {"id": "rec-1", "choices": []}},
                 "is_streaming": false}})");
  const auto r = recording_from_python(recorded, "inline.json");
  REQUIRE(r);
  CHECK(r->request.body == json::parse(R"({"model": "m", "prompt": "p", "guided_choice": ["a", "b"]})"));
  CHECK(r->request.method == "POST");
  CHECK(r->test_id == std::string("t"));
  CHECK(r->response.body == json::parse(R"({"id": "rec-1", "choices": []})"));
  CHECK(python_wire_body(json::parse(R"({"a": 1, "extra_body": {}})")) == json::parse(R"({"a": 1})"));
}

TEST_CASE("a malformed Python recording is reported by name, the others still import") {
  TempDir source;
  TempDir dir;
  fs::copy_file(kCaptures / "inference" /
                    "b25e641e43bf2d8fd5729a97ac478122d328f6459b179d5ab2ffcadfc6ce02c3.json",
                source.path() / "good.json");
  write_text(source.path() / "broken.json", "{\"request\": ");
  write_text(source.path() / "no-endpoint.json",
             R"({"request": {"url": "http://x/v1/chat/completions", "body": {}}, "response": {"body": {}}})");
  write_text(source.path() / "tool.json",
             R"({"test_id": null, "request": {"test_id": null, "provider": "p", "tool_name": "t", "kwargs": {}}, "response": {"body": {}}})");
  ReplayStore store(dir.path());
  const auto report = import_python_recordings(source.path(), store);
  CHECK(report.imported == 1);
  CHECK(report.unsupported == 1);
  REQUIRE(report.problems.size() == 2);
  CHECK(report.problems[0].find("broken.json") != std::string::npos);
  CHECK(report.problems[1].find("no-endpoint.json") != std::string::npos);
}

TEST_CASE("an imported chat completion replays through the library client with its test id") {
  TempDir dir;
  {
    ReplayStore store(dir.path());
    REQUIRE(import_python_recordings(kCaptures, store).problems.empty());
  }
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set("OLLAMA_URL", "http://127.0.0.1:9");  // nothing listens: replay only
  options.http = with_replay(std::shared_ptr<HttpClient>(make_network_http_client()), session);
  auto client = LlamaStackClient::from_config("inference=ollama", options);
  CHECK(client.stack().warnings().empty());

  const auto capture = read_capture_file(
      kCaptures / "inference" / "b25e641e43bf2d8fd5729a97ac478122d328f6459b179d5ab2ffcadfc6ce02c3.json");
  REQUIRE(capture.test_id.is_string());
  session->set_test_id(suite_test_id(capture.test_id.as_string()));  // as the importer keys it
  json::object params = capture.request.at("body").as_object();
  params["model"] = "ollama/" + std::string(params.at("model").as_string());
  const auto response = client.chat.completions.create(params);
  CHECK(response.raw == capture.response_body.as_object());

  const auto streamed = read_capture_file(
      kCaptures / "inference" / "42ad86f93eda42a3a73cddb74e533217ddcff6366b52a52718b86148f0e16a7c.json");
  session->set_test_id(suite_test_id(streamed.test_id.as_string()));
  json::object stream_params = streamed.request.at("body").as_object();
  stream_params["model"] = "ollama/" + std::string(stream_params.at("model").as_string());
  stream_params.erase("stream");
  std::size_t i = 0;
  for (const auto& chunk : client.chat.completions.stream(stream_params)) {
    REQUIRE(i < streamed.response_body.as_array().size());
    CHECK(chunk.raw == streamed.response_body.as_array()[i++].as_object());
  }
  CHECK(i == streamed.response_body.as_array().size());
}
