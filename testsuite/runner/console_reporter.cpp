// doctest's implementation lives in this file because the runner's reporter
// derives from doctest's console reporter, which only the implementing
// translation unit can see.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "testsuite/runner/console_reporter.hpp"

namespace llama_stack::testing {
namespace {

struct RunnerConsoleReporter final : doctest::ConsoleReporter {
  using ConsoleReporter::ConsoleReporter;
  // Only the separator; TestRun::print_summary follows it.
  void test_run_end(const doctest::TestRunStats&) override { separator_to_stream(); }
};

}  // namespace
}  // namespace llama_stack::testing

DOCTEST_REGISTER_REPORTER(llama_stack::testing::runner_reporter_name, 0,
                          llama_stack::testing::RunnerConsoleReporter);
