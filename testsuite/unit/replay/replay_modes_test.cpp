// The recording client in each mode, against ScriptedUpstream (a test
// double that counts calls, see replay_test_support.hpp): hits, misses,
// gaps filled, overwrites, live pass-through, streams, model lists and
// damaged files.
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/replay_miss.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

struct Fixture {
  TempDir dir;
  std::shared_ptr<ScriptedUpstream> upstream = std::make_shared<ScriptedUpstream>();

  RecordingHttpClient client(InferenceMode mode, const std::string& test_id = "suite::test") {
    auto session = std::make_shared<RecordingSession>(mode, dir.path());
    session->set_test_id(test_id);
    return RecordingHttpClient(upstream, session);
  }
};

json::value parsed(const std::string& text) { return json::parse(text); }

}  // namespace

TEST_CASE("record then replay: the hit answers what was recorded, without the upstream") {
  Fixture f;
  auto recorder = f.client(InferenceMode::record);
  const HttpResponse recorded = recorder.send(chat_request("hello"));
  CHECK(f.upstream->sends == 1);
  CHECK(recorded.status == 200);
  REQUIRE(recording_files(f.dir.path()).size() == 1);
  // What the caller got is what is stored: normalised volatile fields.
  const json::value body = parsed(recorded.body);
  CHECK(body.at("id").as_string().starts_with("rec-"));
  CHECK(body.at("created") == 0);
  CHECK(body.at("echo").at("messages").at(0).at("content") == "hello");

  auto replayer = f.client(InferenceMode::replay);
  const HttpResponse replayed = replayer.send(chat_request("hello"));
  CHECK(f.upstream->sends == 1);
  CHECK(replayed.status == 200);
  CHECK(parsed(replayed.body) == body);
  CHECK(replayer.session().used() ==
        std::set<std::string>{recording_files(f.dir.path())[0].stem().string()});
}

TEST_CASE("the file is pretty, keyed by its request, and names the test") {
  Fixture f;
  auto recorder = f.client(InferenceMode::record, "suite::named");
  recorder.send(chat_request("hello"));
  const auto file = recording_files(f.dir.path()).at(0);
  const std::string text = read_text(file);
  CHECK(text.back() == '\n');
  CHECK(text.find("\n  \"request\": {") != std::string::npos);
  const json::value v = parsed(text);
  CHECK(v.at("test_id") == "suite::named");
  CHECK(v.at("request").at("endpoint") == "/v1/chat/completions");
  CHECK(v.at("request").at("method") == "POST");
  CHECK(v.at("request").at("model") == "m1");
  // Where the upstream ran is no part of the exchange: the path only.
  CHECK(v.at("request").at("url") == "/v1/chat/completions");
  CHECK(v.at("response").at("status") == 200);
  CHECK(v.at("recorded_at").as_string().size() == std::string("2026-01-31T12:00:00Z").size());
  CHECK(file.stem().string() ==
        request_hash("POST", "/v1/chat/completions", chat_request("hello").body,
                     std::string("suite::named")));
}

namespace {

fs::file_time_type long_ago() {
  return fs::file_time_type::clock::now() - std::chrono::hours(24 * 365);
}

}  // namespace

TEST_CASE("re-recording an unchanged exchange leaves the file untouched, on any port") {
  Fixture f;
  f.upstream->respond = [](const HttpRequest&) { return HttpResponse{200, {}, R"({"v": 1})"}; };
  f.client(InferenceMode::record, "suite::same").send(chat_request("hello"));
  const auto file = recording_files(f.dir.path()).at(0);
  // An old file with a known time, as if recorded earlier (recorded_at is
  // to the second: a re-record a second later must not rewrite it).
  std::string text = read_text(file);
  const auto at = text.find("\"recorded_at\": \"");
  REQUIRE(at != std::string::npos);
  text.replace(at + 16, 20, "2001-02-03T04:05:06Z");
  write_text(file, text);
  fs::last_write_time(file, long_ago());
  const auto mtime = fs::last_write_time(file);

  // Same answer, upstream on another port: not a byte changes, mtime kept.
  HttpRequest elsewhere = chat_request("hello");
  elsewhere.url = "http://127.0.0.1:40123/v1/chat/completions";
  f.client(InferenceMode::record, "suite::same").send(elsewhere);
  CHECK(f.upstream->sends == 2);
  CHECK(read_text(file) == text);
  CHECK(fs::last_write_time(file) == mtime);
  CHECK(std::count_if(fs::directory_iterator(f.dir.path() / "responses"), fs::directory_iterator(),
                      [](const auto& e) { return e.path().filename().string().front() == '.'; }) ==
        0);  // no temporary left behind either
  ReplayStore store(f.dir.path());
  REQUIRE(store.list().size() == 1);
  CHECK(store.list()[0].timestamp == std::string("2001-02-03T04:05:06Z"));

  // A changed answer is written, with when it was recorded.
  f.upstream->respond = [](const HttpRequest&) { return HttpResponse{200, {}, R"({"v": 2})"}; };
  f.client(InferenceMode::record, "suite::same").send(chat_request("hello"));
  const json::value changed = parsed(read_text(file));
  CHECK(changed.at("response").at("body") == json::parse(R"({"v": 2})"));
  CHECK(changed.at("recorded_at") != "2001-02-03T04:05:06Z");
  CHECK(fs::last_write_time(file) != mtime);
}

TEST_CASE("a recording with a whole URL (older files) still reads and replays") {
  Fixture f;
  f.client(InferenceMode::record, "suite::old").send(chat_request("hello"));
  const auto file = recording_files(f.dir.path()).at(0);
  json::value v = parsed(read_text(file));
  v.as_object()["request"].as_object()["url"] = "http://127.0.0.1:18434/v1/chat/completions";
  v.as_object().erase("recorded_at");
  write_text(file, json::serialize(v));
  CHECK(read_recording(file).request.url == "http://127.0.0.1:18434/v1/chat/completions");
  CHECK(read_recording(file).recorded_at == std::nullopt);
  CHECK(f.client(InferenceMode::replay, "suite::old").send(chat_request("hello")).status == 200);
  ReplayStore store(f.dir.path());
  CHECK(store.verify().problems.empty());
  // No recorded_at: the time is unknown, not the file's modification time.
  REQUIRE(store.list().size() == 1);
  CHECK_FALSE(store.list()[0].timestamp.has_value());
}

TEST_CASE("replay miss: an error with the key, the request, the closest recording and a fix") {
  Fixture f;
  auto recorder = f.client(InferenceMode::record, "suite::miss");
  HttpRequest near = chat_request("Hello there");
  near.body.as_object()["temperature"] = 0.5;
  recorder.send(near);
  f.client(InferenceMode::record, "suite::other").send(chat_request("Hello there, other"));
  const auto files_before = recording_files(f.dir.path());

  auto replayer = f.client(InferenceMode::replay, "suite::miss");
  HttpRequest asked = chat_request("Hello here");
  const std::string expected_hash =
      request_hash("POST", "/v1/chat/completions", asked.body, std::string("suite::miss"));
  try {
    replayer.send(asked);
    FAIL("expected a ReplayMissError");
  } catch (const ReplayMissError& e) {
    const std::string what = e.what();
    INFO(what);
    CHECK(e.hash() == expected_hash);
    CHECK(what.find(expected_hash) != std::string::npos);
    CHECK(what.find("POST /v1/chat/completions") != std::string::npos);
    CHECK(what.find("model 'm1'") != std::string::npos);
    CHECK(what.find("test 'suite::miss'") != std::string::npos);
    REQUIRE(e.closest().has_value());
    CHECK(e.closest()->relation == "same test and endpoint");
    CHECK(what.find(e.closest()->file.string()) != std::string::npos);
    CHECK(what.find(R"(messages[0].content: recorded "Hello there", requested "Hello here")") !=
          std::string::npos);
    CHECK(what.find("temperature: only in the recording: 0.5") != std::string::npos);
    CHECK(what.find("LLAMA_STACK_TEST_INFERENCE_MODE=record-if-missing") != std::string::npos);
    CHECK(what.find("--inference-mode=record-if-missing") != std::string::npos);
  }
  CHECK(f.upstream->sends == 2);
  CHECK(recording_files(f.dir.path()) == files_before);

  // No recording of this test: the closest is any of the endpoint.
  auto stranger = f.client(InferenceMode::replay, "suite::stranger");
  try {
    stranger.send(chat_request("Hello there, other!"));
    FAIL("expected a ReplayMissError");
  } catch (const ReplayMissError& e) {
    REQUIRE(e.closest().has_value());
    CHECK(e.closest()->relation == "same endpoint");
    CHECK(e.closest()->test_id == std::string("suite::other"));
  }
  // Nothing at all for the endpoint.
  HttpRequest embeddings = chat_request("x");
  embeddings.endpoint = "/v1/embeddings";
  try {
    stranger.send(embeddings);
    FAIL("expected a ReplayMissError");
  } catch (const ReplayMissError& e) {
    CHECK_FALSE(e.closest().has_value());
    CHECK(std::string(e.what()).find("no recording of /v1/embeddings exists") != std::string::npos);
  }
}

TEST_CASE("record-if-missing fills a gap once, then replays") {
  Fixture f;
  f.client(InferenceMode::record).send(chat_request("one"));
  CHECK(f.upstream->sends == 1);
  auto client = f.client(InferenceMode::record_if_missing);
  client.send(chat_request("one"));
  CHECK(f.upstream->sends == 1);  // recorded: replayed
  const HttpResponse first = client.send(chat_request("two"));
  CHECK(f.upstream->sends == 2);  // the gap: asked and recorded
  CHECK(recording_files(f.dir.path()).size() == 2);
  const HttpResponse again = client.send(chat_request("two"));
  CHECK(f.upstream->sends == 2);
  CHECK(parsed(again.body) == parsed(first.body));
}

TEST_CASE("record overwrites an existing recording with the upstream's new answer") {
  Fixture f;
  f.upstream->respond = [](const HttpRequest&) { return HttpResponse{200, {}, R"({"v": 1})"}; };
  f.client(InferenceMode::record).send(chat_request("q"));
  f.upstream->respond = [](const HttpRequest&) { return HttpResponse{200, {}, R"({"v": 2})"}; };
  CHECK(parsed(f.client(InferenceMode::record).send(chat_request("q")).body) ==
        json::parse(R"({"v": 2})"));
  CHECK(f.upstream->sends == 2);
  CHECK(recording_files(f.dir.path()).size() == 1);
  CHECK(parsed(f.client(InferenceMode::replay).send(chat_request("q")).body) ==
        json::parse(R"({"v": 2})"));
}

TEST_CASE("live passes everything through and touches no file") {
  Fixture f;
  const fs::path dir = f.dir.path() / "recordings";
  auto session = std::make_shared<RecordingSession>(InferenceMode::live, dir);
  RecordingHttpClient client(f.upstream, session);
  const HttpResponse a = client.send(chat_request("x"));
  const HttpResponse b = client.send(chat_request("x"));
  CHECK(f.upstream->sends == 2);
  CHECK(parsed(a.body).at("id") == "chatcmpl-1");  // untouched: not normalised
  CHECK(parsed(b.body).at("id") == "chatcmpl-2");
  auto stream = client.open_stream(chat_request("x"), StreamFormat::sse);
  CHECK(drain(*stream.events).size() == 3);
  CHECK_FALSE(fs::exists(dir));
  CHECK(session->used().empty());
}

TEST_CASE("the test id separates recordings of the same request") {
  Fixture f;
  f.upstream->respond = [&](const HttpRequest&) {
    return HttpResponse{200, {}, "{\"n\": " + std::to_string(f.upstream->sends) + "}"};
  };
  f.client(InferenceMode::record, "suite::a").send(chat_request("same"));
  f.client(InferenceMode::record, "suite::b").send(chat_request("same"));
  CHECK(recording_files(f.dir.path()).size() == 2);
  CHECK(parsed(f.client(InferenceMode::replay, "suite::a").send(chat_request("same")).body)
            .at("n") == 1);
  CHECK(parsed(f.client(InferenceMode::replay, "suite::b").send(chat_request("same")).body)
            .at("n") == 2);
  CHECK_THROWS_AS(f.client(InferenceMode::replay, "suite::c").send(chat_request("same")),
                  ReplayMissError);
}

TEST_CASE("upstream verdicts (4xx) are recorded; transient failures (5xx, 429) are not") {
  Fixture f;
  f.upstream->respond = [](const HttpRequest&) {
    return HttpResponse{404, {}, R"({"error": {"message": "model 'nope' not found"}})"};
  };
  CHECK(f.client(InferenceMode::record).send(chat_request("404")).status == 404);
  const HttpResponse replayed = f.client(InferenceMode::replay).send(chat_request("404"));
  CHECK(replayed.status == 404);
  CHECK(replayed.body.find("model 'nope' not found") != std::string::npos);
  for (int status : {500, 503, 429, 408}) {
    f.upstream->respond = [status](const HttpRequest&) {
      return HttpResponse{status, {}, "overloaded"};
    };
    CHECK(f.client(InferenceMode::record).send(chat_request("transient")).status == status);
  }
  CHECK(recording_files(f.dir.path()).size() == 1);
}

TEST_CASE("streams are recorded chunk by chunk as the caller reads, written at the end") {
  Fixture f;
  auto recorder = f.client(InferenceMode::record);
  auto stream = recorder.open_stream(chat_request("stream me"), StreamFormat::sse);
  REQUIRE(stream.status == 200);
  REQUIRE(stream.events);
  CHECK(f.upstream->chunks_pulled == 0);  // nothing read ahead
  const auto first = stream.events->next();
  REQUIRE(first);
  CHECK(f.upstream->chunks_pulled == 1);  // the caller has the chunk as soon as it came
  CHECK(parsed(*first).at("choices").at(0).at("delta").at("content") == "Hel");
  CHECK(recording_files(f.dir.path()).empty());  // not before the stream completed
  std::vector<std::string> chunks{*first};
  for (auto& c : drain(*stream.events)) chunks.push_back(c);
  REQUIRE(chunks.size() == 3);
  REQUIRE(recording_files(f.dir.path()).size() == 1);
  const json::value stored = parsed(read_text(recording_files(f.dir.path())[0]));
  CHECK(stored.at("response").at("is_streaming") == true);
  CHECK(stored.at("response").at("chunks").as_array().size() == 3);
  CHECK(stored.at("response").at("chunks").at(0).at("created") == 0);
  CHECK(stored.at("response").at("chunks").at(0).at("id").as_string().starts_with("rec-"));

  auto replayer = f.client(InferenceMode::replay);
  auto replayed = replayer.open_stream(chat_request("stream me"), StreamFormat::sse);
  CHECK(replayed.status == 200);
  CHECK(drain(*replayed.events) == chunks);
  CHECK(f.upstream->streams == 1);
}

TEST_CASE("NDJSON streams and non-JSON chunks replay as they were") {
  Fixture f;
  f.upstream->chunks = [](const HttpRequest&) {
    return std::vector<std::string>{R"({"model":"m","response":"a","done":false})",
                                    "not json at all", "42",
                                    R"({"model":"m","response":"","done":true,"total_duration":99})"};
  };
  HttpRequest generate = chat_request("g");
  generate.endpoint = "/api/generate";
  auto recorded = f.client(InferenceMode::record).open_stream(generate, StreamFormat::ndjson);
  const auto live = drain(*recorded.events);
  auto replayed = f.client(InferenceMode::replay).open_stream(generate, StreamFormat::ndjson);
  const auto again = drain(*replayed.events);
  CHECK(again == live);
  REQUIRE(again.size() == 4);
  CHECK(again[1] == "not json at all");
  CHECK(again[2] == "42");
  CHECK(parsed(again[3]).at("total_duration") == 0);
}

TEST_CASE("an abandoned or broken stream records nothing") {
  Fixture f;
  {
    auto stream = f.client(InferenceMode::record).open_stream(chat_request("s"), StreamFormat::sse);
    CHECK(stream.events->next());
  }  // abandoned after one chunk
  CHECK(recording_files(f.dir.path()).empty());
  f.upstream->fail_at_chunk = 1;
  auto stream = f.client(InferenceMode::record).open_stream(chat_request("s"), StreamFormat::sse);
  CHECK(stream.events->next());
  CHECK_THROWS_WITH_AS(stream.events->next(), doctest::Contains("connection lost"),
                       std::runtime_error);
  CHECK(recording_files(f.dir.path()).empty());
  CHECK_THROWS_AS(f.client(InferenceMode::replay).open_stream(chat_request("s"), StreamFormat::sse),
                  ReplayMissError);
}

TEST_CASE("a failed stream open is recorded as the upstream's error and replayed as one") {
  Fixture f;
  f.upstream->stream_status = 400;
  auto recorded = f.client(InferenceMode::record).open_stream(chat_request("bad"), StreamFormat::sse);
  CHECK(recorded.status == 400);
  CHECK_FALSE(recorded.events);
  auto replayed = f.client(InferenceMode::replay).open_stream(chat_request("bad"), StreamFormat::sse);
  CHECK(replayed.status == 400);
  CHECK_FALSE(replayed.events);
  CHECK(replayed.error_body.find("scripted failure") != std::string::npos);
  CHECK(f.upstream->streams == 1);
}

TEST_CASE("model lists: one file per distinct set, a union on replay, shared by all tests") {
  Fixture f;
  std::string listing = R"({"object": "list", "data": [{"id": "a"}, {"id": "b"}]})";
  f.upstream->respond = [&](const HttpRequest&) { return HttpResponse{200, {}, listing}; };
  HttpRequest models;
  models.method = "GET";
  models.url = "http://127.0.0.1:11434/v1/models";
  models.endpoint = "/v1/models";
  models.body = nullptr;
  f.client(InferenceMode::record, "suite::one").send(models);
  f.client(InferenceMode::record, "suite::two").send(models);  // same set: same file
  CHECK(recording_files(f.dir.path()).size() == 1);
  listing = R"({"object": "list", "data": [{"id": "c", "created": 5}, {"id": "b"}]})";
  f.client(InferenceMode::record, "suite::three").send(models);
  const auto files = recording_files(f.dir.path());
  REQUIRE(files.size() == 2);
  for (const auto& file : files) {
    CHECK(file.filename().string().starts_with("models-"));
    CHECK(parsed(read_text(file)).at("test_id").is_null());
  }
  // Replay, under a test that recorded nothing: the union, each model once.
  const int sends = f.upstream->sends;
  const json::value merged = parsed(f.client(InferenceMode::replay, "suite::new").send(models).body);
  CHECK(f.upstream->sends == sends);
  std::set<std::string> ids;
  for (const auto& m : merged.at("data").as_array()) ids.insert(std::string(m.at("id").as_string()));
  CHECK(ids == std::set<std::string>{"a", "b", "c"});
  CHECK(merged.at("data").as_array().size() == 3);
  // Nested fields of a model list are data: "created" is not normalised.
  const bool created_kept = read_text(files[0]).find("\"created\": 5") != std::string::npos ||
                            read_text(files[1]).find("\"created\": 5") != std::string::npos;
  CHECK(created_kept);
  // record-if-missing replays the union too, and a miss names the endpoint.
  f.client(InferenceMode::record_if_missing).send(models);
  CHECK(f.upstream->sends == sends);
  HttpRequest tags = models;
  tags.endpoint = "/api/tags";
  CHECK_THROWS_AS(f.client(InferenceMode::replay).send(tags), ReplayMissError);
}

TEST_CASE("a model list never recorded says so, and how to record it") {
  Fixture f;
  f.client(InferenceMode::record).send(chat_request("some exchange"));
  for (const char* endpoint : {"/v1/models", "/api/tags"}) {
    HttpRequest models;
    models.method = "GET";
    models.url = std::string("http://127.0.0.1:11434") + endpoint;
    models.endpoint = endpoint;
    models.body = nullptr;
    try {
      f.client(InferenceMode::replay).send(models);
      FAIL("expected a ReplayMissError");
    } catch (const ReplayMissError& e) {
      const std::string what = e.what();
      INFO(what);
      CHECK(e.is_model_list());
      CHECK(what.starts_with("no recording of the model list (replay mode): GET " +
                             std::string(endpoint)));
      CHECK(what.find("--inference-mode=record-if-missing") != std::string::npos);
      CHECK(what.find("LLAMA_STACK_TEST_INFERENCE_MODE=record-if-missing") != std::string::npos);
      CHECK(what.find("closest") == std::string::npos);
    }
  }
  // Any other miss keeps the generic message.
  try {
    f.client(InferenceMode::replay).send(chat_request("not recorded"));
    FAIL("expected a ReplayMissError");
  } catch (const ReplayMissError& e) {
    CHECK_FALSE(e.is_model_list());
    CHECK(std::string(e.what()).starts_with("no recording for POST /v1/chat/completions"));
  }
}

TEST_CASE("a damaged recording is an error naming the file, never overwritten silently") {
  Fixture f;
  f.client(InferenceMode::record).send(chat_request("fragile"));
  const fs::path file = recording_files(f.dir.path()).at(0);
  write_text(file, "{ this is not json");
  for (InferenceMode mode : {InferenceMode::replay, InferenceMode::record_if_missing}) {
    try {
      f.client(mode).send(chat_request("fragile"));
      FAIL("expected a RecordingFileError");
    } catch (const RecordingFileError& e) {
      CHECK(e.file() == file);
      CHECK(std::string(e.what()).find(file.string()) != std::string::npos);
      CHECK(std::string(e.what()).find("not valid JSON") != std::string::npos);
    }
  }
  CHECK(read_text(file) == "{ this is not json");
  CHECK(f.upstream->sends == 1);
  write_text(file, R"({"request": {"method": "POST"}, "response": {}})");
  CHECK_THROWS_WITH_AS(f.client(InferenceMode::replay).send(chat_request("fragile")),
                       doctest::Contains("missing \"request.url\""), RecordingFileError);
  f.client(InferenceMode::record).send(chat_request("fragile"));
  json::value v = parsed(read_text(file));
  v.as_object()["recorded_at"] = 20260131;
  write_text(file, json::serialize(v));
  CHECK_THROWS_WITH_AS(f.client(InferenceMode::replay).send(chat_request("fragile")),
                       doctest::Contains("\"recorded_at\" must be a string or null"),
                       RecordingFileError);
}

TEST_CASE("a stream recording asked for without streaming, or the reverse, is a clear error") {
  Fixture f;
  f.client(InferenceMode::record).send(chat_request("plain"));
  CHECK_THROWS_WITH_AS(
      f.client(InferenceMode::replay).open_stream(chat_request("plain"), StreamFormat::sse),
      doctest::Contains("requested as a stream"), RecordingFileError);
  auto s = f.client(InferenceMode::record).open_stream(chat_request("streamed"), StreamFormat::sse);
  drain(*s.events);
  CHECK_THROWS_WITH_AS(f.client(InferenceMode::replay).send(chat_request("streamed")),
                       doctest::Contains("requested without streaming"), RecordingFileError);
}

TEST_CASE("a request with a non-JSON body is refused in every recording mode, nothing stored") {
  for (auto mode : {InferenceMode::record, InferenceMode::replay, InferenceMode::record_if_missing}) {
    Fixture f;
    auto client = f.client(mode);
    HttpRequest upload = chat_request("hello");
    upload.raw_body = "--B\r\nContent-Disposition: form-data; name=file\r\n\r\nx\r\n--B--\r\n";
    CHECK_THROWS_WITH_AS(client.send(upload), doctest::Contains("cannot be recorded or replayed"),
                         UnsupportedError);
    CHECK_THROWS_AS(client.open_stream(upload, StreamFormat::sse), UnsupportedError);
    CHECK(f.upstream->sends == 0);
    CHECK(recording_files(f.dir.path()).empty());
  }
}
