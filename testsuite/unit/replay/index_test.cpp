// index.sqlite is derived: rebuilt when missing or damaged, refreshed after
// files are added, deleted or edited by hand; plus verify, prune and the
// `llama-stack recordings` command.
#include "stack/cli/recordings_command.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

#include <sqlite3.h>
#include <sys/stat.h>

#include <sstream>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

// Records `contents` (one chat request each) into `dir`, as test `test_id`.
void record(const fs::path& dir, std::initializer_list<const char*> contents,
            const std::string& model = "m1", const std::string& test_id = "index::test") {
  auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir);
  session->set_test_id(test_id);
  RecordingHttpClient client(std::make_shared<ScriptedUpstream>(), session);
  for (const char* c : contents) client.send(chat_request(c, model));
}

std::set<std::string> indexed_ids(const fs::path& dir) {
  ReplayStore store(dir);
  std::set<std::string> ids;
  for (const auto& row : store.list()) ids.insert(row.id);
  return ids;
}

std::set<std::string> file_ids(const fs::path& dir) {
  std::set<std::string> ids;
  for (const auto& f : recording_files(dir)) ids.insert(f.stem().string());
  return ids;
}

// What the guide's sqlite3 command shows, through the C API.
std::vector<std::string> endpoints_models(const fs::path& index) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(index.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::vector<std::string> out;
  sqlite3_exec(
      db, "SELECT endpoint, model, timestamp FROM recordings ORDER BY model",
      [](void* p, int, char** values, char**) {
        static_cast<std::vector<std::string>*>(p)->push_back(std::string(values[0]) + " " +
                                                             values[1]);
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

struct Cli {
  int status = 0;
  std::string out;
  std::string err;
};

Cli run_cli(std::vector<std::string> args) {
  std::ostringstream out;
  std::ostringstream err;
  Cli r;
  r.status = cli::run_recordings_command(args, Environment::isolated(), out, err);
  r.out = out.str();
  r.err = err.str();
  return r;
}

}  // namespace

TEST_CASE("the index lists what was recorded, and sqlite3 can read it") {
  TempDir dir;
  record(dir.path(), {"a", "b"});
  record(dir.path(), {"c"}, "m2");
  CHECK(indexed_ids(dir.path()) == file_ids(dir.path()));
  CHECK(endpoints_models(dir.path() / "index.sqlite") ==
        std::vector<std::string>{"/v1/chat/completions m1", "/v1/chat/completions m1",
                                 "/v1/chat/completions m2"});
  ReplayStore store(dir.path());
  CHECK(store.list({.test = "", .model = "m2", .endpoint = ""}).size() == 1);
  CHECK(store.list({.test = "index::", .model = "", .endpoint = ""}).size() == 3);
  CHECK(store.list({.test = "other", .model = "", .endpoint = ""}).empty());
  CHECK(store.list({.test = "", .model = "", .endpoint = "/v1/embeddings"}).empty());
}

TEST_CASE("files deleted, edited or added by hand are seen by the next store") {
  TempDir dir;
  record(dir.path(), {"a", "b", "c"});
  REQUIRE(indexed_ids(dir.path()).size() == 3);
  const auto files = recording_files(dir.path());

  fs::remove(files[0]);
  CHECK(indexed_ids(dir.path()) == file_ids(dir.path()));
  CHECK(indexed_ids(dir.path()).size() == 2);

  std::string text = read_text(files[1]);
  // request.model (sorted keys: it comes between "method" and "url").
  const auto at = text.find("\"model\": \"m1\",\n    \"url\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 13, "\"model\": \"edited-by-hand\"");
  write_text(files[1], text);
  ReplayStore store(dir.path());
  const auto rows = store.list({.test = "", .model = "edited-by-hand", .endpoint = ""});
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].id == files[1].stem().string());

  TempDir other;
  record(other.path(), {"d"});
  const auto added = recording_files(other.path()).at(0);
  fs::copy_file(added, dir.path() / "responses" / added.filename());
  CHECK(indexed_ids(dir.path()).contains(added.stem().string()));
  CHECK(indexed_ids(dir.path()) == file_ids(dir.path()));
}

TEST_CASE("a missing or damaged index is rebuilt from the files") {
  TempDir dir;
  record(dir.path(), {"a", "b"});
  const fs::path index = dir.path() / "index.sqlite";
  for (const char* suffix : {"", "-wal", "-shm"}) fs::remove(index.string() + suffix);
  CHECK(indexed_ids(dir.path()) == file_ids(dir.path()));
  CHECK(fs::exists(index));
  for (const char* suffix : {"-wal", "-shm"}) fs::remove(index.string() + suffix);
  write_text(index, std::string(8192, 'x'));  // not a database
  CHECK(indexed_ids(dir.path()) == file_ids(dir.path()));
  ReplayStore store(dir.path());
  const auto report = store.reindex();
  CHECK(report.files == 2);
  CHECK(report.reindexed == 2);
  CHECK(report.problems.empty());
}

TEST_CASE("a damaged file is reported by refresh and verify, and left in place") {
  TempDir dir;
  record(dir.path(), {"a", "b"});
  const auto files = recording_files(dir.path());
  write_text(files[0], "[1, 2");
  ReplayStore store(dir.path());
  const auto report = store.reindex();
  CHECK(report.files == 2);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].find(files[0].string()) != std::string::npos);
  CHECK(store.list().size() == 1);
  const auto verified = store.verify();
  CHECK(verified.checked == 2);
  REQUIRE(verified.problems.size() == 1);
  CHECK(verified.problems[0].find(files[0].string()) != std::string::npos);
  CHECK(read_text(files[0]) == "[1, 2");
}

TEST_CASE("a FIFO, device or directory named like a recording is reported, not read forever") {
  TempDir dir;
  record(dir.path(), {"a"});
  const fs::path responses = dir.path() / "responses";
  // Before: verify blocked opening the FIFO, and read /dev/zero until
  // memory ran out.
  REQUIRE(::mkfifo((responses / "fifo.json").c_str(), 0644) == 0);
  fs::create_symlink("/dev/zero", responses / "zero.json");
  fs::create_directory(responses / "dir.json");
  const auto report = ReplayStore(dir.path()).verify();
  CHECK(report.checked == 4);
  REQUIRE(report.problems.size() == 3);
  for (const char* name : {"dir.json: not a regular file (a directory)",
                           "fifo.json: not a regular file", "zero.json: not a regular file"}) {
    CAPTURE(name);
    CHECK(std::any_of(report.problems.begin(), report.problems.end(),
                      [&](const std::string& p) { return p.find(name) != std::string::npos; }));
  }
}

TEST_CASE("verify checks that each file is stored under its request's key") {
  TempDir dir;
  record(dir.path(), {"a", "b"});
  ReplayStore store(dir.path());
  CHECK(store.verify().problems.empty());
  const auto files = recording_files(dir.path());
  // An edit to the request changes its key: the name no longer matches.
  std::string text = read_text(files[0]);
  const auto at = text.find("\"content\": \"");
  REQUIRE(at != std::string::npos);
  text.insert(at + 12, "edited ");
  write_text(files[0], text);
  const auto report = store.verify();
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].find(files[0].string()) != std::string::npos);
  CHECK(report.problems[0].find("not the one its name says") != std::string::npos);
}

TEST_CASE("prune removes what no replay run used, after a dry run that only counts") {
  TempDir dir;
  record(dir.path(), {"a", "b", "c"});
  ReplayStore store(dir.path());
  // The record run used all three: nothing to prune, and the used set is consumed.
  CHECK(store.prune(false).removed.empty());
  CHECK_THROWS_WITH_AS(store.prune(true), doctest::Contains("no test run has been recorded"),
                       StackError);
  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
    session->set_test_id("index::test");
    RecordingHttpClient client(std::make_shared<ScriptedUpstream>(), session);
    client.send(chat_request("a"));
    client.send(chat_request("c"));
    CHECK(session->used().size() == 2);
  }
  const auto dry = store.prune(true);
  CHECK(dry.dry_run);
  CHECK(dry.total == 3);
  CHECK(dry.used == 2);
  CHECK(dry.tests_ran == 1);
  CHECK(dry.runs == 1);
  REQUIRE(dry.removed.size() == 1);
  CHECK(recording_files(dir.path()).size() == 3);
  const auto done = store.prune(false);
  CHECK(done.removed == dry.removed);
  CHECK_FALSE(fs::exists(done.removed[0]));
  CHECK(recording_files(dir.path()).size() == 2);
  CHECK(store.list().size() == 2);
}

TEST_CASE("prune removes only unused recordings of the tests that ran, never others") {
  TempDir dir;
  record(dir.path(), {"a1", "a2"}, "m1", "suite::a");
  record(dir.path(), {"b1"}, "m1", "suite::b");
  record(dir.path(), {"v1"}, "m1", "vision::v");  // another suite: not run below
  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
    auto upstream = std::make_shared<ScriptedUpstream>();
    upstream->respond = [](const HttpRequest&) {
      return HttpResponse{200, {}, R"({"object": "list", "data": [{"id": "m1"}]})"};
    };
    RecordingHttpClient client(upstream, session);
    HttpRequest models = chat_request("");
    models.method = "GET";
    models.endpoint = "/v1/models";
    models.body = nullptr;
    client.send(models);
  }
  REQUIRE(recording_files(dir.path()).size() == 5);
  {
    ReplayStore store(dir.path());
    CHECK(store.prune(false).removed.empty());  // the record runs used everything
  }
  const auto file_of = [&](const char* content, const char* test) {
    return dir.path() / "responses" /
           (request_hash("POST", "/v1/chat/completions", chat_request(content).body,
                         std::string(test)) +
            ".json");
  };
  {
    // A run of a subset: suite::a (which uses a1 only now) and suite::b.
    auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
    RecordingHttpClient client(std::make_shared<ScriptedUpstream>(), session);
    session->set_test_id("suite::a");
    client.send(chat_request("a1"));
    session->set_test_id("suite::b");
    client.send(chat_request("b1"));
  }
  const std::string d = "--dir=" + dir.path().string();
  const Cli dry = run_cli({"prune", "--dry-run", d});
  INFO(dry.out);
  CHECK(dry.status == 0);
  CHECK(dry.out.find("would remove 1 of 5 recordings: those of the 2 tests that ran (1 run)") !=
        std::string::npos);
  CHECK(dry.out.find("kept 1 of tests that did not run and 1 without a test id") !=
        std::string::npos);
  CHECK(dry.out.find(file_of("a2", "suite::a").filename().string()) != std::string::npos);
  CHECK(recording_files(dir.path()).size() == 5);

  ReplayStore store(dir.path());
  const auto done = store.prune(false);
  REQUIRE(done.removed.size() == 1);
  CHECK(done.removed[0] == file_of("a2", "suite::a"));
  CHECK_FALSE(fs::exists(file_of("a2", "suite::a")));
  for (const auto& kept : {file_of("a1", "suite::a"), file_of("b1", "suite::b"),
                           file_of("v1", "vision::v")})
    CHECK(fs::exists(kept));
  CHECK(recording_files(dir.path()).size() == 4);
  // The model list stays: no run can be known not to need it.
  CHECK(store.list({.test = "", .model = "", .endpoint = "/v1/models"}).size() == 1);
  // The used and ran sets were consumed: the next prune needs another run.
  CHECK_THROWS_AS(store.prune(true), StackError);
}

TEST_CASE("the index timestamp is when the exchange was recorded, not the file's mtime") {
  TempDir dir;
  record(dir.path(), {"a"});
  const auto file = recording_files(dir.path()).at(0);
  const auto recorded_at = read_recording(file).recorded_at;
  REQUIRE(recorded_at.has_value());
  CHECK(recorded_at->ends_with("Z"));
  // A clone or checkout gives the file a new modification time.
  fs::last_write_time(file, fs::file_time_type::clock::now() - std::chrono::hours(24 * 400));
  ReplayStore store(dir.path());
  const auto rows = store.list();
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].timestamp == recorded_at);
  const Cli list = run_cli({"list", "--dir=" + dir.path().string()});
  CHECK(list.out.find("\t" + *recorded_at + "\t") != std::string::npos);
}

TEST_CASE("llama-stack recordings: help, list, show, reindex, verify, prune") {
  TempDir dir;
  record(dir.path(), {"a", "b"});
  record(dir.path(), {"c"}, "m2");
  const std::string d = "--dir=" + dir.path().string();

  const Cli help = run_cli({"--help"});
  CHECK(help.status == 0);
  for (const char* word : {"list", "show", "reindex", "verify", "prune", "import", "--dry-run",
                           "--test", "--model", "--endpoint", "--dir"})
    CHECK_MESSAGE(help.out.find(word) != std::string::npos, word);
  CHECK(run_cli({"list", "--help"}).out == help.out);
  CHECK(run_cli({}).status == 2);
  CHECK(run_cli({"frobnicate", d}).status == 2);
  CHECK(run_cli({"list", "--bogus", d}).status == 2);
  const Cli nowhere = run_cli({"list", "--dir", (dir.path() / "typo").string()});
  CHECK(nowhere.status == 1);
  CHECK(nowhere.err.find("no recordings directory") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path() / "typo"));

  const Cli list = run_cli({"list", d, "--model", "m2"});
  CHECK(list.status == 0);
  CHECK(std::count(list.out.begin(), list.out.end(), '\n') == 1);
  CHECK(list.out.find("/v1/chat/completions\tm2\t-\t") != std::string::npos);
  CHECK(list.out.find("index::test") != std::string::npos);

  const std::string id = recording_files(dir.path()).at(0).stem().string();
  const Cli show = run_cli({"show", id.substr(0, 10), d});
  CHECK(show.status == 0);
  CHECK(show.out == read_text(recording_files(dir.path()).at(0)));
  const Cli ambiguous = run_cli({"show", "", d});
  CHECK(ambiguous.status == 2);
  CHECK(run_cli({"show", "zzzz", d}).status == 1);

  const Cli reindex = run_cli({"reindex", d});
  CHECK(reindex.status == 0);
  CHECK(reindex.out.find("indexed 3 of 3 recordings") != std::string::npos);
  CHECK(run_cli({"verify", d}).status == 0);

  const Cli dry = run_cli({"prune", "--dry-run", d});
  CHECK(dry.status == 0);
  CHECK(dry.out.find("would remove 0 of 3 recordings: those of the 1 test that ran") !=
        std::string::npos);

  write_text(recording_files(dir.path()).at(0), "oops");
  const Cli bad = run_cli({"verify", d});
  CHECK(bad.status == 1);
  CHECK(bad.err.find(recording_files(dir.path()).at(0).string()) != std::string::npos);
}
