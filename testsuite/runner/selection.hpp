#pragma once
// Which test instances a run collects: those of --suite, then those -k
// matches. doctest's own filters (-tc=..., -sf=...) narrow them further when
// doctest runs.
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace llama_stack::testing {

struct Selection {
  std::vector<TestInstance> instances;
  std::size_t expanded = 0;  // instances of every registered test
  std::size_t in_suite = 0;  // of those, the suite's (all without --suite)
};

Selection select_tests(const std::vector<TestDefinition>& definitions, const RunnerOptions& options);

// Why a run collected no test (pytest's "no tests ran"), naming the first of
// --suite, -k and doctest's filters that left none.
std::string no_tests_message(const Selection& selection, const RunnerOptions& options);

}  // namespace llama_stack::testing
