// The importer on the Python Llama Stack's recordings (the copies in
// testsuite/fixtures/captures, MIT): everything imports under our keys, and
// an imported chat completion replays through the library client, for the
// same request and test id, as the response Python recorded. The captures
// hold no error recordings and no url+payload ones (they predate both in
// the Python recorder): those cases are small inline recordings in the
// format of the later Python recorder.
#include "stack/cli/recordings_command.hpp"
#include "stack/client/library_client.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/replay/canonical_json.hpp"
#include "stack/replay/python_importer.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "stack/replay/test_id_mapping.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <sstream>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;
using llama_stack::testing::CaptureFile;
using llama_stack::testing::read_capture_file;

namespace {

const fs::path kCaptures = llama_stack::testing::fixture_dir() / "captures";

std::size_t json_files_below(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.path().extension() == ".json") ++n;
  return n;
}

// An Ollama stack answering only from `session`'s recordings.
LlamaStackClient replay_client(std::shared_ptr<RecordingSession> session) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set("OLLAMA_URL", "http://127.0.0.1:9");  // nothing listens: replay only
  options.http = with_replay(std::shared_ptr<HttpClient>(make_network_http_client()), std::move(session));
  return LlamaStackClient::from_config("inference=ollama", options);
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
  CHECK(report.imported + report.duplicates.size() + report.skipped.size() == report.files);
  // The captures hold only exchanges that import faithfully (tool-runtime
  // calls, the one kind they could hold that does not, would be named).
  for (const auto& skipped : report.skipped) {
    CHECK(skipped.reason.starts_with("a tool-runtime call"));
    CHECK(skipped.file.parent_path().filename() == "tool_runtime");
  }
  CHECK_FALSE(report.duplicates.empty());
  // Each duplicate names the file imported (first in path order) and the other.
  for (const auto& d : report.duplicates) {
    CHECK(d.kept < d.dropped);
    CHECK(fs::exists(dir.path() / "responses" / (d.id + ".json")));
  }
  CHECK(recording_files(dir.path()).size() == report.imported);
  CHECK(store.verify().problems.empty());
  CHECK(store.list().size() == report.imported);
  // The stored url is the path the provider requested, not where it ran.
  for (const auto& file : recording_files(dir.path())) {
    const auto url = read_recording(file).request.url;
    CHECK_MESSAGE(url.starts_with("/"), url);
    CHECK_MESSAGE(url.find("/v1/v1/") == std::string::npos, url);
  }
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
  REQUIRE(report.skipped.size() == 1);
  CHECK(report.skipped[0].file.filename() == "tool.json");
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
  auto client = replay_client(session);
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

namespace {

// A Python recording of a chat request from `test_id` with `response`.
std::string python_recording(const std::string& test_id, const std::string& response,
                             const std::string& endpoint = "/v1/chat/completions",
                             const std::string& content = "Hello") {
  return R"({"test_id": ")" + test_id + R"(", "request": {"method": "POST",
      "url": "http://0.0.0.0:11434/v1)" + endpoint + R"(", "headers": {}, "endpoint": ")" +
         endpoint + R"(", "model": "m", "body": {"model": "m", "messages": [{"role": "user",
      "content": ")" + content + R"("}], "stream": false}},
      "response": )" + response + "}";
}

Recording imported(const std::string& text, std::string* why_skipped = nullptr) {
  auto r = recording_from_python(json::parse(text), "inline.json", why_skipped);
  return r ? *r : Recording{};
}

std::string skip_reason(const std::string& text) {
  std::string why;
  CHECK_FALSE(recording_from_python(json::parse(text), "inline.json", &why));
  return why;
}

}  // namespace

TEST_CASE("a Python recording of an OpenAI SDK error becomes the upstream's error answer") {
  // What the OpenAI SDK keeps of {"error": {...}}: the inner object, and a
  // message quoting the whole body as a Python dict.
  const std::string not_found = python_recording("t::err", R"({"body": null, "is_streaming": false,
      "is_exception": true, "exception_message": "Error code: 404 - ...",
      "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "NotFoundError",
        "message": "Error code: 404 - {'error': {'message': 'model \"m\" not found', 'type': 'api_error'}}",
        "status_code": 404, "body": {"message": "model \"m\" not found", "type": "api_error"}}})");
  const Recording r = imported(not_found);
  CHECK(r.test_id == std::string("t::err"));
  CHECK(r.response.status == 404);
  CHECK_FALSE(r.response.is_streaming);
  CHECK(r.response.body ==
        json::parse(R"({"error": {"message": "model \"m\" not found", "type": "api_error"}})"));
  // A body that was not wrapped in "error" (vLLM's) is the body itself.
  const Recording vllm = imported(python_recording("t::err", R"({"body": null, "is_exception": true,
      "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "BadRequestError",
        "message": "Error code: 400 - {'object': 'error', 'message': 'too long'}",
        "status_code": 400, "body": {"object": "error", "message": "too long"}}})"));
  CHECK(vllm.response.status == 400);
  CHECK(vllm.response.body == json::parse(R"({"object": "error", "message": "too long"})"));
  // A body that was not JSON is its text.
  const Recording text = imported(python_recording("t::err", R"({"body": null, "is_exception": true,
      "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "BadRequestError",
        "message": "bad gateway text", "status_code": 400, "body": "bad gateway text"}})"));
  CHECK(payload_text(text.response.body) == "bad gateway text");
}

TEST_CASE("a Python recording of an Ollama error is Ollama's {\"error\": message}") {
  const Recording r = imported(python_recording("t::ollama", R"j({"body": null, "is_exception": true,
      "exception_data": {"category": "provider_sdk", "provider": "ollama", "type": "ResponseError",
        "message": "model 'x' not found (status code: 404)", "status_code": 404, "body": null}})j",
                                                "/api/generate"));
  CHECK(r.response.status == 404);
  CHECK(r.response.body == json::parse(R"({"error": "model 'x' not found"})"));
}

TEST_CASE("an imported error replays through the library client as the same UpstreamError") {
  TempDir source;
  TempDir dir;
  // Two real requests, a plain and a streamed chat completion, answered by
  // the error the OpenAI SDK raised (a stream that fails to open raises at
  // create, before any chunk: the Python recording is not a stream).
  const json::value error_response = json::parse(R"({"body": null, "is_streaming": false,
      "is_exception": true, "exception_message": "Error code: 404",
      "exception_data": {"category": "provider_sdk", "provider": "openai", "type": "NotFoundError",
        "message": "Error code: 404 - {'error': {'message': 'model not found, try pulling it first', 'type': 'api_error', 'param': None, 'code': None}}",
        "status_code": 404,
        "body": {"message": "model not found, try pulling it first", "type": "api_error",
                 "param": null, "code": null}}})");
  std::vector<CaptureFile> captures;
  std::vector<std::string> error_ids;
  for (const char* name : {"b25e641e43bf2d8fd5729a97ac478122d328f6459b179d5ab2ffcadfc6ce02c3.json",
                           "42ad86f93eda42a3a73cddb74e533217ddcff6366b52a52718b86148f0e16a7c.json"}) {
    captures.push_back(read_capture_file(kCaptures / "inference" / name));
    json::value root = json::parse(read_text(captures.back().file));
    root.as_object()["response"] = error_response;
    write_text(source.path() / name, json::serialize(root));
    const auto error_recording = recording_from_python(root, name);
    REQUIRE(error_recording);
    CHECK(error_recording->response.status == 404);
    error_ids.push_back(request_hash(*error_recording));
  }
  {
    // The errors first: the captures' own answers to those requests are then
    // already present, and their model lists let the stack start.
    ReplayStore store(dir.path());
    const auto report = import_python_recordings(source.path(), store);
    REQUIRE(report.problems.empty());
    REQUIRE(report.imported == 2);
    REQUIRE(import_python_recordings(kCaptures, store).problems.empty());
  }
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto client = replay_client(session);
  // The stack's parameters for a captured body (stream() sets "stream").
  auto params_of = [](const CaptureFile& capture) {
    json::object params = capture.request.at("body").as_object();
    params["model"] = "ollama/" + std::string(params.at("model").as_string());
    if (params.contains("stream") && params.at("stream") == true) params.erase("stream");
    return params;
  };
  auto check_error = [](const UpstreamError& e) {
    CHECK(e.status() == 404);
    CHECK(e.upstream_message() == "model not found, try pulling it first");
  };
  session->set_test_id(suite_test_id(captures[0].test_id.as_string()));
  try {
    client.chat.completions.create(params_of(captures[0]));
    FAIL("expected an UpstreamError");
  } catch (const UpstreamError& e) {
    check_error(e);
  }
  session->set_test_id(suite_test_id(captures[1].test_id.as_string()));
  try {
    for (const auto& chunk : client.chat.completions.stream(params_of(captures[1]))) (void)chunk;
    FAIL("expected an UpstreamError");
  } catch (const UpstreamError& e) {
    check_error(e);
  }
  for (const auto& id : error_ids) CHECK(session->used().contains(id));
}

TEST_CASE("Python recordings that cannot be imported faithfully are skipped with a reason") {
  const std::string provider_error = R"("category": "provider_sdk", "provider": "openai",
      "type": "BadRequestError", "message": "m", "body": {"message": "m"})";
  const std::string mid_stream = skip_reason(python_recording("t", R"({"body": [],
      "is_streaming": true, "is_exception": true,
      "exception_data": {)" + provider_error + R"(, "status_code": 400}})"));
  CHECK(mid_stream.find("middle of a stream") != std::string::npos);
  const std::string legacy = skip_reason(python_recording("t", R"({"body": null,
      "is_exception": true, "exception_message": "boom"})"));
  CHECK(legacy.find("without exception_data") != std::string::npos);
  const std::string internal = skip_reason(python_recording("t", R"({"body": null,
      "is_exception": true, "exception_data": {"category": "builtin", "type": "ValueError",
      "message": "bad"}})"));
  CHECK(internal.find("no upstream answer") != std::string::npos);
  CHECK(skip_reason(python_recording("t", R"({"body": null, "is_exception": true,
      "exception_data": {"category": "llama_stack", "type": "ModelNotFoundError",
      "message": "m", "status_code": 404}})")) == internal);
  const std::string transient = skip_reason(python_recording("t", R"({"body": null,
      "is_exception": true, "exception_data": {)" + provider_error + R"(, "status_code": 503}})"));
  CHECK(transient.find("transient failure") != std::string::npos);
  const std::string unknown_sdk = skip_reason(python_recording("t", R"({"body": null,
      "is_exception": true, "exception_data": {"category": "provider_sdk", "provider": "unknown",
      "type": "APIError", "message": "m", "status_code": 400, "body": null}})"));
  CHECK(unknown_sdk.find("cannot be rebuilt") != std::string::npos);
  const std::string model_list = skip_reason(python_recording("t", R"({"body": null,
      "is_exception": true, "exception_data": {)" + provider_error + R"(, "status_code": 401}})",
                                                               "/v1/models"));
  CHECK(model_list.find("failed model listing") != std::string::npos);
  const std::set<std::string> reasons{mid_stream, legacy, internal, transient, unknown_sdk,
                                      model_list};
  CHECK(reasons.size() == 6);
}

TEST_CASE("url + payload recordings (the /v1/messages passthrough) import and replay") {
  const std::string payload =
      R"({"model": "llama3.2:3b", "max_tokens": 16, "messages": [{"role": "user", "content": "Hi"}]})";
  const Recording plain = imported(R"({"test_id": "t::messages", "request": {"test_id": "t::messages",
      "url": "http://localhost:11434/v1/messages", "method": "POST", "payload": )" + payload + R"(},
      "response": {"status": 200, "body": {"id": "msg_1", "type": "message",
                   "content": [{"type": "text", "text": "Hello!"}]}, "is_streaming": false},
      "id_normalization_mapping": {}})");
  CHECK(plain.request.endpoint == "/v1/messages");
  CHECK(plain.request.url == "/v1/messages");
  CHECK(plain.request.method == "POST");
  CHECK(plain.request.body == json::parse(payload));
  CHECK(plain.request.model == "llama3.2:3b");
  CHECK(plain.test_id == std::string("t::messages"));
  CHECK(plain.response.status == 200);
  CHECK(plain.response.body.at("content").at(0).at("text") == "Hello!");

  // A stream is Python's SSE lines, framed as our HTTP client frames them.
  const Recording streamed = imported(R"({"test_id": "t::stream", "request": {
      "url": "http://localhost:11434/v1/messages", "method": "POST", "payload": )" + payload + R"(},
      "response": {"body": ["event: message_start", "data: {\"type\": \"message_start\"}", "",
                            ": keep-alive", "event: content_block_delta",
                            "data: {\"type\": \"content_block_delta\",", "data:  \"index\": 0}", "",
                            "event: message_stop", "data: {\"type\": \"message_stop\"}", ""],
                   "is_streaming": true}})");
  REQUIRE(streamed.response.is_streaming);
  CHECK(streamed.response.status == 200);
  REQUIRE(streamed.response.chunks.size() == 3);
  CHECK(streamed.response.chunks[0] == json::parse(R"({"type": "message_start"})"));
  CHECK(streamed.response.chunks[1] == json::parse(R"({"type": "content_block_delta", "index": 0})"));
  CHECK(streamed.response.chunks[2] == json::parse(R"({"type": "message_stop"})"));

  // Both replay for the request our provider sends, under the same test.
  TempDir dir;
  {
    ReplayStore store(dir.path());
    store.write(request_hash(plain), plain);
    store.write(request_hash(streamed), streamed);
  }
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  RecordingHttpClient client(std::make_shared<ScriptedUpstream>(), session);
  HttpRequest request;
  request.url = "http://127.0.0.1:9/v1/messages";
  request.endpoint = "/v1/messages";
  request.body = json::parse(payload);
  session->set_test_id("t::messages");
  const HttpResponse answer = client.send(request);
  CHECK(answer.status == 200);
  CHECK(json::parse(answer.body) == plain.response.body);
  session->set_test_id("t::stream");
  auto stream = client.open_stream(request, StreamFormat::sse);
  REQUIRE(stream.events);
  const auto events = drain(*stream.events);
  REQUIRE(events.size() == 3);
  CHECK(json::parse(events[1]) == streamed.response.chunks[1]);

  // An /interactions call with its key in the URL: the key is written nowhere.
  const std::string key = "AIzaSy-not-a-real-key-0123456789";
  const Recording interactions = imported(R"({"test_id": "t::gemini", "request": {
      "url": "https://generativelanguage.googleapis.com/v1beta/interactions?key=)" + key + R"(",
      "method": "POST", "payload": {"model": "gemini-2.5-flash", "input": "Hi"}},
      "response": {"status": 400, "body": {"error": {"message": "API key )" + key +
                                                   R"( not valid"}}, "is_streaming": false}})");
  CHECK(interactions.request.endpoint == "/v1beta/interactions");
  CHECK(interactions.request.url == "/v1beta/interactions?key=<redacted>");
  CHECK(interactions.response.status == 400);
  CHECK(pretty_json(to_json(interactions)).find(key) == std::string::npos);

  // Malformed raw calls are errors naming the file, not guesses.
  const std::string request_part =
      R"("request": {"url": "http://localhost:11434/v1/messages", "payload": {}})";
  for (const auto& [response, problem] : std::vector<std::pair<std::string, std::string>>{
           {R"({"body": {}, "is_streaming": false})", "\"response.status\" must be an HTTP status"},
           {R"({"body": {"a": 1}, "is_streaming": true})", "a streaming \"response.body\" must be a list of lines"},
           {R"({"body": ["data: {}", 7], "is_streaming": true})", "a streamed \"response.body\" line must be a string"},
           {R"({"status": 200, "is_streaming": false})", "\"response.body\" is missing"}})
    CHECK_THROWS_WITH_AS(
        recording_from_python(json::parse("{" + request_part + ", \"response\": " + response + "}"),
                              "raw.json"),
        doctest::Contains(("raw.json: " + problem).c_str()), RecordingFileError);

  // A rerank answer of a transient failure is not kept.
  const std::string why = skip_reason(R"({"test_id": "t", "request": {"url": "http://nim:8000/v1/ranking",
      "method": "POST", "payload": {"query": "q"}},
      "response": {"status": 503, "body": {"detail": "overloaded"}, "is_streaming": false}})");
  CHECK(why.find("transient failure") != std::string::npos);
}

TEST_CASE("duplicate keys: the report names the file imported and each one dropped") {
  TempDir source;
  TempDir dir;
  const std::string text = python_recording("t::dup", R"({"body": {"__type__": "x",
      "__data__": {"id": "rec-1", "choices": []}}, "is_streaming": false})");
  write_text(source.path() / "a.json", text);
  write_text(source.path() / "b.json", text);
  fs::create_directories(source.path() / "sub");
  write_text(source.path() / "sub" / "c.json", text);
  write_text(source.path() / "tool.json",
             R"({"request": {"provider": "p", "tool_name": "t", "kwargs": {}}, "response": {"body": {}}})");
  ReplayStore store(dir.path());
  const auto report = import_python_recordings(source.path(), store);
  CHECK(report.imported == 1);
  REQUIRE(report.duplicates.size() == 2);
  for (const auto& d : report.duplicates) {
    CHECK(d.kept == source.path() / "a.json");
    CHECK(fs::exists(store.file_of(d.id)));
  }
  CHECK(report.duplicates[0].dropped == source.path() / "b.json");
  CHECK(report.duplicates[1].dropped == source.path() / "sub" / "c.json");

  // The command prints both, and the skipped files grouped by reason.
  TempDir again;
  std::ostringstream out;
  std::ostringstream err;
  const int status = cli::run_recordings_command(
      {"import", source.path().string(), "--dir=" + again.path().string()}, Environment::isolated(),
      out, err);
  INFO(out.str());
  CHECK(status == 0);
  CHECK(out.str().find("imported 1, already present 0, duplicate keys 2, skipped 1, failed 0") !=
        std::string::npos);
  CHECK(out.str().find("duplicate key " + report.duplicates[0].id + ": kept " +
                       (source.path() / "a.json").string() + ", dropped " +
                       (source.path() / "b.json").string()) != std::string::npos);
  CHECK(out.str().find("skipped 1: a tool-runtime call, not an HTTP exchange\n    " +
                       (source.path() / "tool.json").string()) != std::string::npos);
}
