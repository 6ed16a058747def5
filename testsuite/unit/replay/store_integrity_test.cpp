// A recording must never lie: a file whose content is not what its name says
// (an edited request, swapped files, a model list with another set) fails the
// replay, naming the file and the way out; temporary files of writers killed
// mid-write are found and removed, while those of live writers survive.
#include "stack/cli/recordings_command.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "testsuite/unit/replay/store_test_support.hpp"

#include <doctest/doctest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sstream>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

fs::path chat_file(const fs::path& dir, const char* content) {
  return dir / "responses" /
         (request_hash("POST", "/v1/chat/completions", chat_request(content).body,
                       std::string(kStoreTestId)) +
          ".json");
}

// The error replaying `contents` from `dir` fails with ("" when it passes).
std::string replay_error(const fs::path& dir, std::initializer_list<const char*> contents) {
  try {
    replay_store(dir, contents);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void check_names_file_and_remedy(const std::string& error, const fs::path& file) {
  INFO(error);
  CHECK(error.find(file.string()) != std::string::npos);
  CHECK(error.find("not the one its name says") != std::string::npos);
  CHECK(error.find("llama-stack recordings verify") != std::string::npos);
  CHECK(error.find("re-record") != std::string::npos);
}

std::vector<std::string> dot_files(const fs::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir / "responses"))
    if (e.path().filename().string().front() == '.') out.push_back(e.path().filename().string());
  return out;
}

std::string run_verify(const fs::path& dir, int& status) {
  std::ostringstream out;
  std::ostringstream err;
  status = cli::run_recordings_command({"verify", "--dir=" + dir.string()},
                                       Environment::isolated(), out, err);
  return out.str() + err.str();
}

}  // namespace

TEST_CASE("replay refuses a recording whose request was edited, naming the file") {
  TempDir dir;
  record_store(dir.path(), {"a", "b"});
  REQUIRE(replay_store(dir.path(), {"a", "b"}) == std::vector<std::string>{"m1", "a", "b"});
  const fs::path file = chat_file(dir.path(), "a");
  std::string text = read_text(file);
  const auto at = text.find("\"content\": \"a\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "\"content\": \"edited\"");
  write_text(file, text);
  check_names_file_and_remedy(replay_error(dir.path(), {"a"}), file);
  CHECK(replay_error(dir.path(), {"b"}).empty());  // the others still replay
}

TEST_CASE("replay refuses swapped recordings") {
  TempDir dir;
  record_store(dir.path(), {"a", "b"});
  const fs::path a = chat_file(dir.path(), "a");
  const fs::path b = chat_file(dir.path(), "b");
  const std::string text_a = read_text(a);
  write_text(a, read_text(b));
  write_text(b, text_a);
  check_names_file_and_remedy(replay_error(dir.path(), {"a"}), a);
  check_names_file_and_remedy(replay_error(dir.path(), {"b"}), b);
}

TEST_CASE("replay refuses a model list whose set or request is not what its name says") {
  SUBCASE("a model added to the list by hand: the set digest differs") {
    TempDir dir;
    record_store(dir.path(), {});
    const fs::path file = model_list_file(dir.path());
    std::string text = read_text(file);
    const auto at = text.find("\"id\": \"m1\"");
    REQUIRE(at != std::string::npos);
    text.replace(at, 10, "\"id\": \"m1-added\"");
    write_text(file, text);
    check_names_file_and_remedy(replay_error(dir.path(), {}), file);
  }
  SUBCASE("the list of another endpoint under this request's hash") {
    TempDir dir;
    record_store(dir.path(), {});
    const fs::path file = model_list_file(dir.path());
    std::string text = read_text(file);
    for (std::string::size_type at; (at = text.find("/v1/models")) != std::string::npos;)
      text.replace(at, 10, "/api/tags");
    write_text(file, text);
    check_names_file_and_remedy(replay_error(dir.path(), {}), file);
  }
}

TEST_CASE("a temporary file left by a writer killed mid-write is removed; a live writer's survives") {
  TempDir dir;
  record_store(dir.path(), {"a"});
  const fs::path target = chat_file(dir.path(), "in flight");
  int ready[2];
  int release[2];
  REQUIRE(::pipe(ready) == 0);
  REQUIRE(::pipe(release) == 0);
  const pid_t writer = ::fork();
  REQUIRE(writer >= 0);
  if (writer == 0) {
    // A real second process, writing through the store's own writer: half
    // a file written, then it waits until released (or its parent is gone).
    ::close(ready[0]);
    ::close(release[1]);
    int status = 0;
    try {
      AtomicFileWriter file(target);
      file.write("{\"request\": ");
      if (::write(ready[1], "r", 1) != 1) ::_exit(3);
      char c = 0;
      if (::read(release[0], &c, 1) != 1) ::_exit(4);
      file.write("{}}\n");
      file.commit();
    } catch (...) {
      status = 1;
    }
    ::_exit(status);
  }
  // A failed check must not leave the writer waiting for ever.
  struct Reaper {
    pid_t pid;
    ~Reaper() {
      int status = 0;
      if (::waitpid(pid, &status, WNOHANG) == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
      }
    }
  } reaper{writer};
  ::close(ready[1]);
  ::close(release[0]);
  char c = 0;
  REQUIRE(::read(ready[0], &c, 1) == 1);
  const auto temps = dot_files(dir.path());
  REQUIRE(temps.size() == 1);
  CHECK(temps[0].starts_with("." + target.filename().string() + "."));

  // In flight: verify reports it as such and leaves it; so does a recorder.
  {
    ReplayStore store(dir.path());
    const auto report = store.verify();
    CHECK(report.problems.empty());
    CHECK(report.orphans_removed.empty());
    REQUIRE(report.in_flight.size() == 1);
    CHECK(report.in_flight[0].filename() == temps[0]);
  }
  record_store(dir.path(), {"b"});
  CHECK(dot_files(dir.path()) == temps);

  SUBCASE("the writer finishes: its file lands whole") {
    REQUIRE(::write(release[1], "g", 1) == 1);
    int status = 0;
    REQUIRE(::waitpid(writer, &status, 0) == writer);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    CHECK(read_text(target) == "{\"request\": {}}\n");
    CHECK(dot_files(dir.path()).empty());
  }
  SUBCASE("the writer is SIGKILLed: verify reports and removes its orphan, and passes") {
    REQUIRE(::kill(writer, SIGKILL) == 0);
    int status = 0;
    REQUIRE(::waitpid(writer, &status, 0) == writer);
    REQUIRE(WIFSIGNALED(status));
    CHECK(dot_files(dir.path()) == temps);
    int verify_status = -1;
    const std::string out = run_verify(dir.path(), verify_status);
    INFO(out);
    CHECK(verify_status == 0);
    CHECK(out.find(temps[0]) != std::string::npos);
    CHECK(out.find("removed 1 orphan temporary file") != std::string::npos);
    CHECK(dot_files(dir.path()).empty());
    CHECK_FALSE(fs::exists(target));
    CHECK(replay_store(dir.path(), {"a", "b"}) == std::vector<std::string>{"m1", "a", "b"});
  }
  ::close(ready[0]);
  ::close(release[1]);
}

TEST_CASE("an orphan temporary file is removed by the next recording run") {
  TempDir dir;
  record_store(dir.path(), {"a"});
  // What a writer SIGKILLed between creating its temporary file and renaming
  // it leaves: a dot file nobody holds.
  const fs::path orphan = dir.path() / "responses" / ("." + chat_file(dir.path(), "x").filename().string() + ".Ab12Cd");
  write_text(orphan, "{\"request\": {\"bo");
  CHECK(replay_store(dir.path(), {"a"}).size() == 2);  // replay writes nothing, removes nothing
  CHECK(fs::exists(orphan));
  record_store(dir.path(), {"b"});
  CHECK_FALSE(fs::exists(orphan));
  CHECK(dot_files(dir.path()).empty());
}

TEST_CASE("a store that answered a recording from memory reads it again once the file changed") {
  TempDir dir;
  record_store(dir.path(), {"a", "b"});
  ReplayStore store(dir.path());
  const fs::path file = chat_file(dir.path(), "a");
  const std::string hash = file.stem().string();
  // Only files that settled (last changed over a second ago) are kept.
  fs::last_write_time(file, fs::last_write_time(file) - std::chrono::seconds(10));
  REQUIRE(store.find(hash));
  REQUIRE(store.find(hash));  // the second from memory
  // Damaged in place, same size: the modification time tells.
  std::string text = read_text(file);
  const auto at = text.find("\"content\": \"a\"");
  REQUIRE(at != std::string::npos);
  text.replace(at, 14, "\"content\": \"z\"");
  write_text(file, text);
  CHECK_THROWS_AS(store.find(hash), RecordingFileError);
  // Replaced by another file (a re-recording renames a new one in place).
  fs::remove(file);
  CHECK_FALSE(store.find(hash));
  write_text(file, read_text(chat_file(dir.path(), "b")));
  CHECK_THROWS_AS(store.find(hash), RecordingFileError);
}
