#include "stack/replay/test_id_minter.hpp"

#include "testsuite/unit/replay/replay_test_support.hpp"

#include <doctest/doctest.h>

#include <set>
#include <thread>

using namespace llama_stack;
using namespace llama_stack::replay;

namespace {

std::vector<std::string> mint_for(RecordingSession& session, IdMinter& ids, const std::string& test) {
  session.set_test_id(test);
  return {ids.mint("file-"), ids.mint("file-"), ids.mint("vs_"), ids.mint("file-")};
}

}  // namespace

TEST_CASE("a test mints the same ids every time it runs, in any session") {
  replay_test::TempDir dir;
  auto first = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
  auto second = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto a = id_minter_for(first);
  auto b = id_minter_for(second);
  REQUIRE(a);
  const auto recorded = mint_for(*first, *a, "tests/t.py::test_x");
  CHECK(recorded == mint_for(*second, *b, "tests/t.py::test_x"));
  // The test starting again in the same session restarts its counters.
  CHECK(recorded == mint_for(*first, *a, "tests/t.py::test_x"));
  CHECK(recorded[0].starts_with("file-"));
  CHECK(recorded[0].size() == 5 + 24);
  CHECK(recorded[2].starts_with("vs_"));
  CHECK(std::set<std::string>(recorded.begin(), recorded.end()).size() == 4);
  // Another test gets other ids.
  CHECK(mint_for(*first, *a, "tests/t.py::test_y")[0] != recorded[0]);
}

TEST_CASE("requests of a test on a server thread count on under that test's id") {
  replay_test::TempDir dir;
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto ids = id_minter_for(session);
  session->set_test_id("library");
  std::string on_thread;
  std::thread([&] {
    RecordingSession::ThreadTestId scope(*session, "served");
    on_thread = ids->mint("file-");
  }).join();
  auto other = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto other_ids = id_minter_for(other);
  other->set_test_id("served");
  CHECK(on_thread == other_ids->mint("file-"));
}

TEST_CASE("a server restarts a test's ids at each new start token, and counts on without one") {
  replay_test::TempDir dir;
  auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
  auto ids = id_minter_for(session);
  const auto served = [&](std::string_view start) {
    std::string id;
    std::thread([&] {
      RecordingSession::ThreadTestId scope(*session, "served", start);
      id = ids->mint("vs_");
    }).join();
    return id;
  };
  const std::string first = served("run-1");
  CHECK(served("run-1") != first);   // the same start: the test's second store
  CHECK(served("run-2") == first);   // the test run again: its ids again
  CHECK(served("") != first);        // no token (a Python client): the counter runs on
  CHECK(served("run-1") == first);   // a start token that differs from the last one is a start
}

TEST_CASE("live sessions and no session leave ids to the stack (random)") {
  replay_test::TempDir dir;
  CHECK_FALSE(id_minter_for(nullptr));
  CHECK_FALSE(id_minter_for(std::make_shared<RecordingSession>(InferenceMode::live, dir.path())));
}
