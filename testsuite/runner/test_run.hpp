#pragma once
// One run of the integration suite: the expanded test instances, the stack
// they share, and the counts for the summary.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/test_registry.hpp"
#include "stack/replay/recording_session.hpp"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace llama_stack::testing {

class TestRun {
 public:
  TestRun(RunnerOptions options, Environment env, std::string setup);
  ~TestRun();

  // Registers every instance as a doctest test case named by its id.
  void register_with_doctest();
  void print_summary(std::ostream& out) const;
  int failed() const noexcept { return failed_; }
  // The command line left for doctest once the runner took its own options.
  const std::vector<std::string>& doctest_args() const noexcept { return options_.doctest_args; }

  // Called by the doctest trampoline and listener.
  void run_current();
  void on_test_start(const std::string& name);
  void on_test_end(bool success);
  // The run's client, created on first use; a creation error fails every
  // test that needs it, with the same message.
  LlamaStackClient& client();

 private:

  RunnerOptions options_;
  Environment env_;
  std::string setup_;
  std::vector<TestInstance> instances_;
  const TestInstance* current_ = nullptr;
  std::string current_skip_;
  bool print_each_ = false;
  std::shared_ptr<replay::RecordingSession> recording_;
  std::unique_ptr<LlamaStackClient> client_;
  std::string client_error_;
  int passed_ = 0;
  int failed_ = 0;
  int skipped_ = 0;
  std::vector<std::string> skip_reasons_;
};

}  // namespace llama_stack::testing
