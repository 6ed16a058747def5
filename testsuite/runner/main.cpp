// llama-stack-test: the integration test runner. Accepts the guide's custom
// options (see custom_options_help) and doctest's own; doctest's
// implementation is in console_reporter.cpp.
#include <doctest/doctest.h>

#include "testsuite/runner/console_reporter.hpp"
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/test_run.hpp"

#include <iostream>
#include <optional>
#include <string>
#include <vector>

using namespace llama_stack;
using namespace llama_stack::testing;

namespace {

// pytest's exit statuses where they apply.
constexpr int exit_failed = 1;
constexpr int exit_usage = 2;
constexpr int exit_no_tests = 5;

int usage_error(const std::string& message) {
  std::cerr << "llama-stack-test: " << message << "\n(llama-stack-test --help lists the options)\n";
  return exit_usage;
}

int run_doctest(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"llama-stack-test"};
  for (const auto& a : args) argv.push_back(a.c_str());
  doctest::Context context;
  context.applyCommandLine(static_cast<int>(argv.size()), argv.data());
  return context.run();
}

}  // namespace

int main(int argc, char** argv) {
  RunnerOptions options;
  try {
    options = parse_runner_args(std::vector<std::string>(argv + 1, argv + argc));
  } catch (const UsageError& e) {
    return usage_error(e.what());
  }

  if (options.help) {
    run_doctest({"--help"});  // doctest's own options first, then ours
    std::cout << "\n" << custom_options_help();
    return 0;
  }

  Environment env = Environment::process();
  std::string setup;
  try {
    setup = finalize_options(options, env);
  } catch (const UsageError& e) {
    return usage_error(e.what());
  }

  // The runner's console reporter unless the caller picked reporters; then
  // stdout may be theirs (junit, xml) and the runner's summary goes to stderr.
  const bool own_reporter = !options.doctest_given.contains("reporters");
  if (own_reporter) options.doctest_args.push_back(std::string("--reporters=") + runner_reporter_name);

  // A replay without its recordings directory (RecordingSession) stops here.
  std::optional<TestRun> created;
  try {
    created.emplace(options, std::move(env), setup);
  } catch (const StackError& e) {
    std::cerr << "llama-stack-test: " << e.what() << "\n";
    return exit_usage;
  }
  TestRun& run = *created;
  run.register_with_doctest();
  // --list-test-cases, --count, --version, ...: doctest answers, no test runs.
  if (options.doctest_query) return run_doctest(run.doctest_args());

  if (run.collect() == 0) {
    std::cerr << "llama-stack-test: " << run.no_tests_message() << "\n";
    return exit_no_tests;
  }
  // Once, before any test: a stack that cannot start fails the run here, not
  // inside every test.
  if (run.needs_stack()) {
    try {
      run.start_stack();
    } catch (const StackStartError& e) {
      std::cerr << "llama-stack-test: " << e.what() << "\n";
      return exit_usage;
    }
  }

  const int doctest_status = run_doctest(run.doctest_args());
  run.print_summary(own_reporter ? std::cout : std::cerr);
  if (options.doctest_given.contains("no-exitcode")) return 0;
  return run.failed() > 0 || doctest_status != 0 ? exit_failed : 0;
}
