#pragma once
// The IdMinter of a recording or replaying stack: the n-th id with a given
// prefix that test T mints is "<prefix>" + the first 24 hex digits of
// SHA-256("<T>\n<prefix>\n<n>"), so recording a test and replaying it (in
// library or server mode, any number of times) hand out the same ids, and
// request bodies carrying them hash the same. Counters are per test id and
// prefix; they restart when the test id is set again (RecordingSession::
// set_test_id, the runner's "a test starts"; a server's request carrying a
// new start token), so a test re-recorded in a later run gets the ids of the
// first. Outside a test (no id set) the ids are
// derived from "" the same way.
#include "stack/replay/recording_session.hpp"

#include <llama_stack/id_minter.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace llama_stack::replay {

class TestIdMinter final : public IdMinter {
 public:
  explicit TestIdMinter(std::shared_ptr<RecordingSession> session);
  std::string mint(std::string_view prefix) override;

 private:
  std::shared_ptr<RecordingSession> session_;
  std::mutex mutex_;
  // (test id, prefix) → ids minted; with the session generation they were
  // counted under.
  std::map<std::pair<std::string, std::string>, std::pair<std::uint64_t, std::uint64_t>> counters_;
};

// `session`'s minter, or null (the stack's random ids) when the session is
// null or live.
std::shared_ptr<IdMinter> id_minter_for(const std::shared_ptr<RecordingSession>& session);

}  // namespace llama_stack::replay
