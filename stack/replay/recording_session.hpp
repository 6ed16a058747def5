#pragma once
// What a stack needs to record and replay: the mode, the store, the test
// being run (part of every key) and the recordings this run has used.
// Shared by every stack of a test process, and safe to use from any thread.
#include "stack/config/environment.hpp"
#include "stack/layout/install_layout.hpp"
#include "stack/replay/inference_mode.hpp"
#include "stack/replay/replay_store.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace llama_stack::replay {

// LLAMA_STACK_TEST_RECORDING_DIR, else the project's recordings/ directory.
std::filesystem::path default_recording_dir(const Environment& env);

class RecordingSession {
 public:
  // Throws StackError naming `dir` when the mode is replay and it is not a
  // directory; the recording modes create it on their first write.
  RecordingSession(InferenceMode mode, std::filesystem::path dir);

  // The session LLAMA_STACK_TEST_INFERENCE_MODE asks for, recording into
  // layout.recordings_dir, or nullptr when it is unset or "live": outside
  // tests a stack talks to its upstreams.
  static std::shared_ptr<RecordingSession> from_environment(const Environment& env,
                                                            const InstallLayout& layout);
  // For callers that have no layout of their own (a server, the fuzzers):
  // from_environment with InstallLayout::detect(env).
  static std::shared_ptr<RecordingSession> from_environment(const Environment& env);

  InferenceMode mode() const noexcept { return mode_; }
  ReplayStore& store() noexcept { return store_; }
  const std::filesystem::path& dir() const noexcept { return store_.dir(); }

  // The stable id of the test now running (empty: none). Set by the test
  // runner before each test; read by every outbound call. Each id set is
  // noted in the index as a test this run ran (see ReplayStore::prune).
  void set_test_id(std::string test_id);
  // The calling thread's ThreadTestId for this session if one is open, else
  // set_test_id's.
  std::optional<std::string> test_id() const;
  // How many times set_test_id has made `test_id` current: a test starting
  // again restarts what is counted per test (TestIdMinter's ids).
  std::uint64_t starts_of(const std::string& test_id) const;

  // Makes `test_id` this session's test id on the calling thread while it
  // lives (noted as set_test_id notes it): a server serves requests of
  // different tests at once, each start to end on one thread.
  // `start` names the start of the test the request belongs to (a client's
  // "__test_start"): a start not seen before for `test_id` counts as
  // set_test_id's does, so a test run again against a long-lived server
  // gets the ids it was recorded with. Empty (Python's clients send none):
  // the server's counters run on for its lifetime, as Python's do.
  class ThreadTestId {
   public:
    ThreadTestId(RecordingSession& session, std::string test_id, std::string_view start = {});
    ~ThreadTestId();
    ThreadTestId(const ThreadTestId&) = delete;
    ThreadTestId& operator=(const ThreadTestId&) = delete;

   private:
    const RecordingSession* previous_session_;
    std::string previous_id_;
  };

  // Notes that this run answered from (or wrote) recording `id`; the
  // index's used set is what `llama-stack recordings prune` keeps.
  void mark_used(const std::string& id);
  std::set<std::string> used() const;
  // mark_used, counted for the run's summary: answered from a recording, or
  // written to one.
  void mark_replayed(const std::string& id);
  void mark_recorded(const std::string& id);
  std::size_t replayed_count() const;
  std::size_t recorded_count() const;
  // Identifies this run in the used set.
  const std::string& run_id() const noexcept { return run_id_; }

 private:
  void note_ran(const std::string& test_id);
  void note_start(const std::string& test_id, std::string_view start);

  const InferenceMode mode_;
  ReplayStore store_;
  const std::string run_id_;
  mutable std::mutex mutex_;
  std::string test_id_;
  std::set<std::string> ran_;
  std::set<std::string> used_;
  std::map<std::string, std::uint64_t, std::less<>> starts_;
  // test id → the last start token a request of it carried.
  std::map<std::string, std::string, std::less<>> start_tokens_;
  std::size_t replayed_ = 0;
  std::size_t recorded_ = 0;
};

}  // namespace llama_stack::replay
