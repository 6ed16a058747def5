// llama-stack-test ($LLAMA_STACK_TEST_BINARY) run as a user runs it, from the
// project root, in replay mode on the shipped recordings: exit statuses and
// what it prints for a bad stack, a mistyped option, -k, an empty selection,
// the summary and the guide's vision example.
#include "runner_command_support.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

using namespace runner_command;

namespace {

const std::string chat_tools =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_with_tools[txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_completion:tool_calling]";

}  // namespace

TEST_CASE("a stack that cannot load fails once, up front, with exit 2") {
  for (const std::string stack : {"/nonexistent/run.yaml", "no-such-distribution"}) {
    auto r = run({"--stack-config=" + stack, "--setup=ollama"});
    CAPTURE(r.output);
    CHECK(r.status == 2);
    CHECK(occurrences(r.output, "cannot start the stack '" + stack + "'") == 1);
    CHECK_FALSE(contains(r.output, "test cases:"));
  }
}

TEST_CASE("a run that needs no stack does not load it") {
  // Listing and help never start the stack.
  expect({"--stack-config=/nonexistent/run.yaml", "--setup=ollama", "--list-test-cases"}, 0, chat_tools);
  expect({"--setup=ollama", "-ltc"}, 0, chat_tools);
  expect({"--stack-config=/nonexistent/run.yaml", "--help"}, 0, "Custom options:");
  // Without --setup no text model is given: the selected tests are skipped
  // before they would need the stack.
  expect({"--stack-config=/nonexistent/run.yaml", "-k", "test_openai_chat_completion_with_tools"}, 0,
         "[llama-stack-test] test cases: 3 | 0 passed | 0 failed | 3 skipped");
}

TEST_CASE("a mistyped option is an error, and nothing runs") {
  const auto typo = expect({"--stack-config=starter", "--setup=ollama", "--text-modle=x"}, 2,
                           "unknown option '--text-modle=x'; did you mean --text-model?");
  CHECK_FALSE(contains(typo, "test cases:"));
  expect({"--stack-config=starter", "-tcc=*chat*"}, 2, "did you mean -tc?");
}

TEST_CASE("-k selects by keyword expression, and doctest's -tc narrows it further") {
  auto r = run({"--stack-config=starter", "--setup=ollama", "-k", "chat and not streaming", "-ltc"});
  CAPTURE(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output, chat_tools));
  CHECK_FALSE(contains(r.output, "test_openai_chat_completion_streaming["));
  CHECK_FALSE(contains(r.output, "test_openai_chat_completion_non_streaming["));
  CHECK_FALSE(contains(r.output, "embeddings"));
  CHECK(contains(r.output, "passing the current filters: 10\n"));
  auto narrowed = run({"--stack-config=starter", "--setup=ollama", "-k", "chat and not streaming",
                       "-tc=*tool*", "-ltc"});
  CAPTURE(narrowed.output);
  CHECK(contains(narrowed.output, chat_tools));
  CHECK(contains(narrowed.output, "passing the current filters: 6\n"));
  CHECK(run({"--stack-config=starter", "-k", "(chat"}).status == 2);
}

TEST_CASE("one summary, counting a test that skipped itself as skipped") {
  // guided_choice skips itself at run time (not a vLLM model); test_version passes.
  auto r = run({"--stack-config=starter", "--setup=ollama", "-s", "-k", "guided_choice or test_version"});
  CAPTURE(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output, "SKIPPED inference/test_openai_completion.cpp::test_openai_completion_guided_choice"));
  CHECK(contains(r.output, "PASSED inspect/test_inspect.cpp::TestInspect::test_version"));
  CHECK(contains(r.output, "[llama-stack-test] test cases: 2 | 1 passed | 0 failed | 1 skipped"));
  CHECK_FALSE(contains(r.output, "[doctest] test cases:"));
  CHECK_FALSE(contains(r.output, "Status: SUCCESS"));
}

TEST_CASE("a failing test exits 1 and is counted once") {
  // No recording exists for this model: replay fails the test.
  expect({"--stack-config=starter", "--setup=ollama", "--text-model=ollama/no-such-model:1b", "-k",
          "test_openai_chat_completion_non_streaming and non_streaming_01"},
         1, "[llama-stack-test] test cases: 1 | 0 passed | 1 failed | 0 skipped");
}

TEST_CASE("a selection that collects nothing says so and exits 5") {
  expect({"--stack-config=starter", "--suite=responses"}, 5, "no tests ran: --suite=responses selects none of the");
  expect({"--stack-config=starter", "--setup=ollama", "-k", "no_such_test"}, 5,
         "no tests ran: -k 'no_such_test' matches none of the");
  expect({"--stack-config=starter", "--setup=ollama", "-tc=*no_such_test*"}, 5,
         "no tests ran: -tc=*no_such_test* match none of the");
}

TEST_CASE("the guide's --suite=vision --setup=ollama runs the vision tests") {
  auto r = run({"--stack-config=starter", "--suite=vision", "--setup=ollama", "-s"});
  CAPTURE(r.output);
  CHECK(r.status == 0);
  CHECK(contains(r.output,
                 "PASSED inference/test_vision_inference.cpp::test_image_chat_completion_non_streaming"
                 "[vis=ollama/llama3.2-vision:11b]"));
  CHECK(contains(r.output, "| 0 failed |"));
  CHECK_FALSE(contains(r.output, "| 0 passed |"));
}

TEST_CASE("a stack whose only inference provider cannot run names the provider and why") {
  const auto file = std::filesystem::temp_directory_path() / "llama-stack-runner-bogus.run.yaml";
  {
    std::ofstream out(file);
    out << "version: 2\nimage_name: bogus\napis: [inference]\nproviders:\n  inference:\n"
           "  - provider_id: bogus\n    provider_type: remote::bogus\n    config: {}\n";
  }
  expect({"--stack-config=" + file.string(), "--text-model=bogus/m", "-k",
          "test_openai_chat_completion_non_streaming and non_streaming_01"},
         1, "no running inference provider: 'bogus' (remote::bogus): no plugin provides provider_type 'remote::bogus'");
  std::filesystem::remove(file);
}
