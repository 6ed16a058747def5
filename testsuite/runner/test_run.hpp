#pragma once
// One run of the integration suite: the selected test instances, the stack
// they share, and the counts for the summary.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/selection.hpp"
#include "testsuite/runner/server_process.hpp"
#include "testsuite/runner/test_registry.hpp"
#include "stack/replay/recording_session.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace llama_stack::testing {

// The stack the tests need cannot start; what() is the whole message.
class StackStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class TestRun {
 public:
  TestRun(RunnerOptions options, Environment env, std::string setup);
  ~TestRun();

  // Registers every selected instance as a doctest test case named by its id.
  void register_with_doctest();
  // The instances doctest's own filters keep (asks doctest, printing
  // nothing); call after register_with_doctest.
  std::size_t collect();
  std::string no_tests_message() const { return testing::no_tests_message(selection_, options_); }
  // Whether a collected test will run (rather than be skipped for a missing
  // model) and so needs the stack.
  bool needs_stack() const;
  // Starts the stack once, before any test; throws StackStartError.
  void start_stack();

  void print_summary(std::ostream& out) const;
  int failed() const noexcept { return failed_; }
  // The command line left for doctest once the runner took its own options.
  const std::vector<std::string>& doctest_args() const noexcept { return options_.doctest_args; }

  // Called by the doctest trampoline and listener.
  void run_current();
  void on_test_start(const std::string& name);
  void on_test_end(bool success);
  void on_listed(const std::string& name);
  // The run's client, created on first use: in process for a library
  // stack, else over HTTP to the server (started here for server:<config>).
  LlamaStackClient& client();

 private:
  // What a started server's environment adds to the runner's: the setup's
  // and --env's variables, the runner's inference mode and recordings dir.
  std::map<std::string, std::string> server_environment() const;

  RunnerOptions options_;
  Environment env_;
  std::string setup_;
  Selection selection_;
  std::set<std::string> collected_;
  bool collecting_ = false;
  const TestInstance* current_ = nullptr;
  std::string current_skip_;
  std::shared_ptr<replay::RecordingSession> recording_;
  // The stores of the stack (SQLITE_STORE_DIR) when the caller set none: a
  // directory of this run, so that runs neither share nor keep vector
  // stores (concurrent runs would empty each other's). Removed at the end.
  std::filesystem::path state_dir_;
  std::unique_ptr<ServerProcess> server_;  // before client_: outlives it
  std::unique_ptr<LlamaStackClient> client_;
  int passed_ = 0;
  int failed_ = 0;
  int skipped_ = 0;
  std::vector<std::string> skip_reasons_;
};

}  // namespace llama_stack::testing
