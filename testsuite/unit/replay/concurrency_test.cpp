// Two real processes record into one directory at the same time, with
// disjoint and overlapping requests, while a third sweeps orphan temporary
// files: every recording survives whole, and a rebuilt index sees them all.
// Both start together on a pipe (no sleeps).
#include "stack/replay/file_io.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

constexpr int kOwn = 60;     // requests only one process records
constexpr int kShared = 60;  // requests both record (same answers)

std::vector<std::string> requests_of(int process) {
  std::vector<std::string> out;
  for (int i = 0; i < kOwn; ++i)
    out.push_back("process " + std::to_string(process) + " request " + std::to_string(i));
  for (int i = 0; i < kShared; ++i) out.push_back("shared request " + std::to_string(i));
  return out;
}

// The child: waits for the start signal, records, exits. No doctest here:
// its state belongs to the parent.
[[noreturn]] void record_in_child(int process, int start_fd, const fs::path& dir) {
  int status = 0;
  try {
    char go = 0;
    if (::read(start_fd, &go, 1) != 1) ::_exit(3);
    auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir);
    session->set_test_id("concurrency::test");
    auto upstream = std::make_shared<ScriptedUpstream>();
    upstream->respond = [](const HttpRequest& r) {
      return HttpResponse{200, {}, json::serialize(json::object{{"answer", r.body}})};
    };
    RecordingHttpClient client(upstream, session);
    auto requests = requests_of(process);
    // Opposite orders: the shared requests collide while both are running.
    if (process == 1) std::reverse(requests.begin(), requests.end());
    for (const auto& content : requests) {
      client.send(chat_request(content));
      auto stream = client.open_stream(chat_request("stream " + content), StreamFormat::sse);
      while (stream.events->next()) {
      }
    }
  } catch (...) {
    status = 1;
  }
  ::_exit(status);
}

}  // namespace

TEST_CASE("two processes recording into one directory lose nothing") {
  TempDir dir;
  int start[2];
  REQUIRE(::pipe(start) == 0);
  std::vector<pid_t> children;
  for (int process = 0; process < 2; ++process) {
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(start[1]);
      record_in_child(process, start[0], dir.path());
    }
    children.push_back(pid);
  }
  ::close(start[0]);
  const char go[2] = {'g', 'g'};
  REQUIRE(::write(start[1], go, 2) == 2);
  ::close(start[1]);
  // Meanwhile the orphan sweep of `recordings verify` runs over and over: it
  // must take no temporary file of a live writer (whose rename would then
  // fail), so it removes nothing here.
  std::size_t removed = 0;
  std::size_t in_flight = 0;
  std::size_t running = children.size();
  while (running > 0) {
    const TempFileSweep sweep = remove_orphan_temp_files(dir.path() / "responses");
    removed += sweep.removed.size();
    in_flight += sweep.in_flight.size();
    CHECK(sweep.problems.empty());
    for (pid_t& pid : children) {
      int status = 0;
      if (pid == 0 || ::waitpid(pid, &status, WNOHANG) != pid) continue;
      CHECK(WIFEXITED(status));
      CHECK(WEXITSTATUS(status) == 0);
      pid = 0;
      --running;
    }
  }
  CHECK(removed == 0);
  MESSAGE("temporary files of live writers seen by the sweep: " << in_flight);

  std::set<std::string> expected;
  const std::optional<std::string> test_id = "concurrency::test";
  for (int process = 0; process < 2; ++process)
    for (const auto& content : requests_of(process)) {
      expected.insert(request_hash("POST", "/v1/chat/completions", chat_request(content).body, test_id));
      expected.insert(request_hash("POST", "/v1/chat/completions",
                                   chat_request("stream " + content).body, test_id));
    }
  REQUIRE(expected.size() == 2 * (2 * kOwn + kShared));

  std::set<std::string> found;
  for (const auto& e : fs::directory_iterator(dir.path() / "responses")) {
    const std::string name = e.path().filename().string();
    CHECK_MESSAGE(name.front() != '.', "temporary file left behind: " << name);
    found.insert(e.path().stem().string());
  }
  CHECK(found == expected);

  ReplayStore store(dir.path());
  const auto verified = store.verify();
  CHECK(verified.checked == expected.size());
  CHECK(verified.problems.empty());
  // The index both processes wrote already has every recording ...
  std::set<std::string> indexed;
  for (const auto& row : store.list()) indexed.insert(row.id);
  CHECK(indexed == expected);
  // ... and so does one rebuilt from nothing.
  const auto rebuilt = store.reindex();
  CHECK(rebuilt.files == expected.size());
  CHECK(rebuilt.problems.empty());
  CHECK(store.list().size() == expected.size());

  // Every recording replays.
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  session->set_test_id("concurrency::test");
  RecordingHttpClient replayer(std::make_shared<ScriptedUpstream>(), session);
  for (int process = 0; process < 2; ++process)
    for (const auto& content : requests_of(process)) {
      const auto body = json::parse(replayer.send(chat_request(content)).body);
      CHECK(body.at("answer").at("messages").at(0).at("content").as_string() == content);
      auto stream = replayer.open_stream(chat_request("stream " + content), StreamFormat::sse);
      CHECK(drain(*stream.events).size() == 3);
    }
}

TEST_CASE("a recorder SIGKILLed at random points leaves only whole files, which replay") {
  TempDir dir;
  std::mt19937 random(20261201);  // fixed: the same kill points each run
  std::size_t orphans = 0;
  for (int round = 0; round < 25; ++round) {
    // The recorder says when it is about to record ('r') and when its first
    // file is whole ('w'): the kill's delay counts from there, so that a slow
    // start (a sanitizer build, a loaded machine) moves the kills with it.
    int ready[2];
    REQUIRE(::pipe(ready) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(ready[0]);
      try {
        auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
        session->set_test_id("concurrency::killed");
        // Large answers: the kills often land while a file is being written.
        auto upstream = std::make_shared<ScriptedUpstream>();
        upstream->respond = [](const HttpRequest& r) {
          const json::object body{{"answer", r.body}, {"padding", std::string(1 << 20, 'p')}};
          return HttpResponse{200, {}, json::serialize(body)};
        };
        RecordingHttpClient client(upstream, session);
        if (::write(ready[1], "r", 1) != 1) ::_exit(1);
        for (int i = 0;; ++i) {
          client.send(chat_request("round " + std::to_string(i % 40)));
          if (i == 0 && ::write(ready[1], "w", 1) != 1) ::_exit(1);
        }
      } catch (...) {
        ::_exit(1);
      }
    }
    ::close(ready[1]);
    // The first round waits for a whole file, so that there is one to replay
    // whatever the timing; the others may kill before any.
    char said = 0;
    CHECK(::read(ready[0], &said, 1) == 1);
    if (round == 0) CHECK(::read(ready[0], &said, 1) == 1);
    ::close(ready[0]);
    ::usleep(2000 + random() % 40000);
    REQUIRE(::kill(pid, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    CHECK_MESSAGE(WIFSIGNALED(status), "the recorder failed before it was killed");
    ReplayStore store(dir.path());
    const auto report = store.verify();  // removes what the kill left
    CHECK(report.problems.empty());
    CHECK(report.in_flight.empty());
    orphans += report.orphans_removed.size();
    if (!fs::exists(dir.path() / "responses")) continue;  // killed before its first file
    for (const auto& e : fs::directory_iterator(dir.path() / "responses"))
      CHECK_MESSAGE(e.path().filename().string().front() != '.', e.path().string());
  }
  MESSAGE("orphan temporary files removed after a kill: " << orphans);
  REQUIRE_FALSE(recording_files(dir.path()).empty());
  // Every recording replays.
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  session->set_test_id("concurrency::killed");
  RecordingHttpClient replayer(std::make_shared<ScriptedUpstream>(), session);
  for (const auto& file : recording_files(dir.path())) {
    const Recording r = read_recording(file);
    HttpRequest request = chat_request("");
    request.body = r.request.body;
    CHECK(json::parse(replayer.send(request).body).at("padding").as_string().size() == 1 << 20);
  }
}
