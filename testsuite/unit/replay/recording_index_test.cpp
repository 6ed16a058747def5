// RecordingIndex on its own: opened over a damaged file, copied into memory
// from a seed, refreshed from files, and the used set (index_test.cpp tests
// it through the store).
#include "stack/replay/recording_index.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::replay;
using namespace replay_test;

namespace {

IndexRow row_named(const fs::path& file) {
  IndexRow row;
  row.id = file.stem().string();
  row.response_file = "responses/" + file.filename().string();
  row.endpoint = "/v1/chat/completions";
  row.model = "m1";
  if (row.id == "with-test") row.test_id = "t::one";
  return row;
}

// A responses directory of `ids`, and an index of it at `dir`/index.sqlite.
fs::path indexed(const fs::path& dir, std::initializer_list<const char*> ids) {
  fs::create_directories(dir / "responses");
  for (const char* id : ids) write_text(dir / "responses" / (std::string(id) + ".json"), "{}");
  RecordingIndex index(dir / "index.sqlite");
  index.refresh(dir / "responses", row_named, /*full=*/false);
  return dir / "index.sqlite";
}

std::set<std::string> ids_of(RecordingIndex& index) {
  std::set<std::string> ids;
  for (const auto& row : index.rows()) ids.insert(row.id);
  return ids;
}

}  // namespace

TEST_CASE("an index over a file that is not a database starts afresh") {
  TempDir dir;
  const fs::path file = dir.path() / "index.sqlite";
  write_text(file, std::string(8192, 'x'));
  RecordingIndex index(file);
  CHECK(index.rows().empty());
  fs::create_directories(dir.path() / "responses");
  write_text(dir.path() / "responses" / "a.json", "{}");
  const RefreshReport report = index.refresh(dir.path() / "responses", row_named, false);
  CHECK(report.files == 1);
  CHECK(report.reindexed == 1);
  CHECK(ids_of(index) == std::set<std::string>{"a"});
}

TEST_CASE("a refresh reads only changed files, drops rows of removed ones, reports unreadable ones") {
  TempDir dir;
  const fs::path file = indexed(dir.path(), {"a", "b", "with-test"});
  RecordingIndex index(file);
  const fs::path responses = dir.path() / "responses";
  CHECK(index.refresh(responses, row_named, false).reindexed == 0);
  fs::remove(responses / "a.json");
  write_text(responses / "bad.json", "{}");
  const auto report = index.refresh(
      responses,
      [](const fs::path& f) -> IndexRow {
        if (f.stem() == "bad") throw StackError(f.string() + ": unreadable");
        return row_named(f);
      },
      false);
  CHECK(report.removed == 1);
  CHECK(report.reindexed == 1);
  REQUIRE(report.problems.size() == 1);
  CHECK(report.problems[0].find("bad.json: unreadable") != std::string::npos);
  CHECK(ids_of(index) == std::set<std::string>{"b", "with-test"});
  CHECK(index.rows({.test = "t::", .model = "", .endpoint = ""}).size() == 1);
  CHECK(index.ids_with_prefix("with") == std::vector<std::string>{"with-test"});
  CHECK(index.refresh(responses, row_named, /*full=*/true).reindexed == 3);
}

TEST_CASE("an index in memory is a copy of a readable seed, which stays as it was") {
  TempDir dir;
  const fs::path seed = indexed(dir.path(), {"a", "b"});
  {
    RecordingIndex disk(seed);
    disk.add_used("a", "run-1");
  }
  const std::string before = read_text(seed);
  const auto copy = RecordingIndex::in_memory(seed);
  CHECK(copy->is_in_memory());
  CHECK(ids_of(*copy) == std::set<std::string>{"a", "b"});
  CHECK(copy->used_ids() == std::set<std::string>{"a"});
  copy->remove("a");
  copy->add_used("b", "run-2");
  CHECK(read_text(seed) == before);
  CHECK(ids_of(*RecordingIndex::in_memory(seed)) == std::set<std::string>{"a", "b"});
}

TEST_CASE("an index in memory seeded by garbage, or by nothing, starts empty") {
  TempDir dir;
  const fs::path garbage = dir.path() / "garbage.sqlite";
  write_text(garbage, std::string(8192, 'x'));
  CHECK(RecordingIndex::in_memory(garbage)->rows().empty());
  CHECK(RecordingIndex::in_memory(dir.path() / "missing.sqlite")->rows().empty());
  const auto empty = RecordingIndex::in_memory({});
  CHECK(empty->rows().empty());
  empty->add_ran("t::one", "run");
  CHECK(empty->ran_test_ids() == std::set<std::string>{"t::one"});
}

TEST_CASE("the used set counts each recording and test once per run, until cleared") {
  TempDir dir;
  RecordingIndex index(indexed(dir.path(), {"a", "b"}));
  for (int i = 0; i < 3; ++i) index.add_used("a", "run-1");
  index.add_used("b", "run-2");
  index.add_ran("t::one", "run-2");
  index.add_ran("t::two", "run-3");
  CHECK(index.used_ids() == std::set<std::string>{"a", "b"});
  CHECK(index.ran_test_ids() == std::set<std::string>{"t::one", "t::two"});
  CHECK(index.used_runs() == 3);
  index.clear_used();
  CHECK(index.used_ids().empty());
  CHECK(index.used_runs() == 0);
  index.add_used("a", "run-4");  // the kept statement still works after the clear
  CHECK(index.used_ids() == std::set<std::string>{"a"});
}
