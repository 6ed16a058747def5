// Replay works wherever it can read: a read-only recordings directory or
// index (a CI cache, a read-only checkout), a missing or damaged index, a
// full disk. Only writing fails there, with the OS error. A recordings
// directory that does not exist is an error in replay, not created.
#include "stack/cli/recordings_command.hpp"
#include "stack/replay/replay_store.hpp"
#include "testsuite/unit/replay/private_mounts.hpp"
#include "testsuite/unit/replay/store_test_support.hpp"

#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <sstream>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

const std::vector<std::string> kReplayed{"m1", "a", "b"};

// Skips the calling test, saying why, when this process cannot mount.
#define SKIP_WITHOUT_MOUNTS()                                                         \
  if (const auto why = mounts_unavailable()) {                                        \
    MESSAGE("SKIPPED: this test needs a private mount namespace (root): " << *why); \
    return;                                                                           \
  }

// The error recording a new request into `dir` fails with ("" if none).
std::string record_error(const fs::path& dir) {
  try {
    client_for(InferenceMode::record_if_missing, dir).send(chat_request("new"));
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

void remove_index(const fs::path& dir) {
  for (const char* suffix : {"", "-wal", "-shm"})
    fs::remove(dir.string() + "/index.sqlite" + suffix);
}

int run_cli(std::vector<std::string> args, std::string& output) {
  std::ostringstream out;
  std::ostringstream err;
  const int status = cli::run_recordings_command(args, Environment::isolated(), out, err);
  output = out.str() + err.str();
  return status;
}

// Fills the file system of `dir` until it has no byte left.
void fill_up(const fs::path& dir) {
  const int fd = ::open((dir / "filler").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  REQUIRE(fd >= 0);
  const std::string block(4096, 'x');
  while (::write(fd, block.data(), block.size()) > 0) {
  }
  while (::write(fd, block.data(), 1) > 0) {
  }
  ::close(fd);
}

}  // namespace

TEST_CASE("replay works from a read-only recordings directory; recording there fails with EROFS") {
  SKIP_WITHOUT_MOUNTS();
  TempDir tmp;
  const fs::path dir = tmp.path() / "recordings";
  record_store(dir, {"a", "b"});
  const fs::path index = dir / "index.sqlite";
  std::optional<std::string> index_text;  // what the index holds, if any
  SUBCASE("with its index") { index_text = read_text(index); }
  SUBCASE("without an index") { remove_index(dir); }
  SUBCASE("with an index of garbage bytes") {
    remove_index(dir);
    write_text(index, std::string(8192, '\x5a'));
    index_text = read_text(index);
  }
  const MountGuard read_only = MountGuard::read_only(dir);

  CHECK(replay_store(dir, {"a", "b"}) == kReplayed);
  CHECK(ReplayStore(dir).list().size() == 3);
  // Nothing was written: the index is as it was.
  CHECK(fs::exists(index) == index_text.has_value());
  if (index_text) CHECK(read_text(index) == *index_text);

  const std::string error = record_error(dir);
  INFO(error);
  CHECK(error.find((dir / "responses").string()) != std::string::npos);
  CHECK(error.find(std::strerror(EROFS)) != std::string::npos);

  std::string out;
  CHECK(run_cli({"list", "--dir=" + dir.string()}, out) == 0);
  CHECK(out.find("listed from the files") != std::string::npos);
  CHECK(run_cli({"verify", "--dir=" + dir.string()}, out) == 0);
  CHECK(run_cli({"reindex", "--dir=" + dir.string()}, out) == 1);
  CHECK(out.find(index.string()) != std::string::npos);
  CHECK(out.find(std::strerror(EROFS)) != std::string::npos);
}

TEST_CASE("replay works with a read-only index in a writable directory") {
  SKIP_WITHOUT_MOUNTS();
  TempDir tmp;
  const fs::path dir = tmp.path() / "recordings";
  record_store(dir, {"a", "b"});
  // An index that does not know the model list: replay has to read it.
  const fs::path models = model_list_file(dir);
  fs::rename(models, tmp.path() / "aside.json");
  remove_index(dir);
  REQUIRE(ReplayStore(dir).list().size() == 2);
  fs::rename(tmp.path() / "aside.json", models);
  const MountGuard read_only = MountGuard::read_only(dir / "index.sqlite");
  CHECK(replay_store(dir, {"a", "b"}) == kReplayed);
}

TEST_CASE("a damaged index (garbage over its pages) does not stop replay") {
  TempDir tmp;
  const fs::path dir = tmp.path() / "recordings";
  record_store(dir, {"a", "b"});
  const fs::path index = dir / "index.sqlite";
  REQUIRE(fs::file_size(index) > 4096);
  {
    // The header and schema (page 1) stay: the damage shows only on a query.
    std::string text = read_text(index);
    for (std::size_t i = 4096; i < text.size(); ++i) text[i] = static_cast<char>(0xa5 ^ i);
    write_text(index, text);
  }
  CHECK(replay_store(dir, {"a", "b"}) == kReplayed);
  std::string out;
  CHECK(run_cli({"list", "--dir=" + dir.string()}, out) == 0);
  CHECK(std::count(out.begin(), out.end(), '\n') == 4);  // three rows, one summary
  // reindex mends it on disk.
  CHECK(run_cli({"reindex", "--dir=" + dir.string()}, out) == 0);
  CHECK(out.find("indexed 3 of 3") != std::string::npos);
}

TEST_CASE("on a full disk replay works and recording fails with ENOSPC, leaving no temporary file") {
  SKIP_WITHOUT_MOUNTS();
  TempDir tmp;
  const fs::path dir = tmp.path() / "recordings";
  fs::create_directories(dir);
  const MountGuard small = MountGuard::tmpfs(dir, 256 * 1024);
  record_store(dir, {"a", "b"});
  fill_up(dir);

  CHECK(replay_store(dir, {"a", "b"}) == kReplayed);
  const std::string error = record_error(dir);
  INFO(error);
  CHECK(error.find((dir / "responses").string()) != std::string::npos);
  CHECK(error.find(std::strerror(ENOSPC)) != std::string::npos);
  for (const auto& e : fs::directory_iterator(dir / "responses"))
    CHECK_MESSAGE(e.path().filename().string().front() != '.', e.path().string());
  fs::remove(dir / "filler");
  CHECK(record_error(dir).empty());  // space again: it records
}

TEST_CASE("a recordings directory that does not exist is an error in replay, never created") {
  TempDir tmp;
  const fs::path missing = tmp.path() / "no-such-recordings";
  CHECK_THROWS_WITH_AS(RecordingSession(InferenceMode::replay, missing),
                       doctest::Contains(missing.c_str()), StackError);
  Environment env = Environment::isolated();
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "replay");
  env.set("LLAMA_STACK_TEST_RECORDING_DIR", missing.string());
  try {
    RecordingSession::from_environment(env);
    FAIL("expected an error naming the directory");
  } catch (const StackError& e) {
    const std::string what = e.what();
    CHECK(what.find(missing.string()) != std::string::npos);
    CHECK(what.find("LLAMA_STACK_TEST_RECORDING_DIR") != std::string::npos);
    CHECK(what.find("does not exist") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(missing));

  // The recording modes create it.
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "record-if-missing");
  CHECK(RecordingSession::from_environment(env) != nullptr);
  CHECK(record_error(missing).empty());
  CHECK(recording_files(missing).size() == 1);
}

TEST_CASE("a session from the environment records where the layout it is given says") {
  TempDir tmp;
  Environment env = Environment::isolated();
  InstallLayout layout;
  layout.recordings_dir = tmp.path() / "layout-recordings";
  CHECK(RecordingSession::from_environment(env, layout) == nullptr);  // live
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "record-if-missing");
  const auto session = RecordingSession::from_environment(env, layout);
  REQUIRE(session != nullptr);
  CHECK(session->dir() == layout.recordings_dir);
  CHECK(fs::is_directory(layout.recordings_dir));
}
