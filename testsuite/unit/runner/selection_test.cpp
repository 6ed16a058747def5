// What a run collects (--suite, then -k) and what it says when that is nothing.
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/selection.hpp"
#include "testsuite/runner/setups.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::testing;

namespace {

void noop(TestContext&) {}

const std::vector<TestDefinition>& definitions() {
  static const std::vector<TestDefinition> defs{
      {"/s/testsuite/inference/test_openai_completion.cpp", 1, "test_chat_streaming", {"text-model"}, false, &noop},
      {"/s/testsuite/inference/test_openai_completion.cpp", 2, "test_chat_tools", {"text-model"}, false, &noop},
      {"/s/testsuite/inference/test_vision_inference.cpp", 3, "test_image_chat", {"vision-model"}, true, &noop},
      {"/s/testsuite/inspect/inspect_test.cpp", 4, "test_version", {}, false, &noop},
  };
  return defs;
}

Selection select(std::vector<std::string> args) {
  auto options = parse_runner_args(args);
  auto env = Environment::isolated();
  if (options.stack_config) finalize_options(options, env);
  return select_tests(definitions(), options);
}

std::vector<std::string> ids(const Selection& s) {
  std::vector<std::string> out;
  for (const auto& i : s.instances) out.push_back(i.id);
  return out;
}

std::string message(std::vector<std::string> args) {
  auto options = parse_runner_args(args);
  return no_tests_message(select_tests(definitions(), options), options);
}

}  // namespace

TEST_CASE("-k narrows the suite's instances by their ids") {
  auto s = select({"--text-model=a,b", "-k", "chat and not streaming"});
  CHECK(ids(s) == std::vector<std::string>{"inference/test_openai_completion.cpp::test_chat_tools[txt=a]",
                                           "inference/test_openai_completion.cpp::test_chat_tools[txt=b]",
                                           "inference/test_vision_inference.cpp::test_image_chat"});
  CHECK(s.expanded == 6);
  CHECK(s.in_suite == 6);
  // Parameters are part of the id.
  CHECK(ids(select({"--text-model=a,b", "-k", "txt=b"})) ==
        std::vector<std::string>{"inference/test_openai_completion.cpp::test_chat_streaming[txt=b]",
                                 "inference/test_openai_completion.cpp::test_chat_tools[txt=b]"});
  auto vision = select({"--suite=vision", "-k", "not image", "--stack-config=starter"});
  CHECK(vision.expanded == 4);
  CHECK(vision.in_suite == 1);
  CHECK(vision.instances.empty());
}

TEST_CASE("no tests collected: the message names the step that left none") {
  CHECK(message({"--suite=responses"}) == "no tests ran: --suite=responses selects none of the 4 tests");
  CHECK(message({"-k", "embeddings"}) == "no tests ran: -k 'embeddings' matches none of the 4 tests");
  CHECK(message({"--suite=vision", "-k", "chat and not image"}) ==
        "no tests ran: -k 'chat and not image' matches none of the 1 test of --suite=vision");
  // Collected by the runner, then dropped by doctest's own filters.
  CHECK(message({"-tc=*nothing*", "-sfe=*x*"}) == "no tests ran: -tc=*nothing* -sfe=*x* match none of the 4 tests");
  CHECK(message({"--suite=base", "-k", "chat", "-tc=*nothing*"}) ==
        "no tests ran: -tc=*nothing* match none of the 3 tests that -k 'chat' selects in --suite=base");
  auto none = parse_runner_args({});
  CHECK(no_tests_message(select_tests({}, none), none) == "no tests ran: no test is registered in this binary");
}

TEST_CASE("the ollama setup provides the vision model, so the guide's --suite=vision --setup=ollama runs") {
  auto env = Environment::isolated();
  auto options = parse_runner_args({"--stack-config=starter", "--suite=vision", "--setup=ollama"});
  CHECK(finalize_options(options, env) == "ollama");
  auto s = select_tests(definitions(), options);
  REQUIRE(s.instances.size() == 1);
  CHECK(s.instances[0].id == "inference/test_vision_inference.cpp::test_image_chat[vis=ollama/llama3.2-vision:11b]");
  CHECK(s.instances[0].skip_reason.empty());
  // The model the captured vision exchanges were made with, as ollama-vision's.
  CHECK(find_setup("ollama")->defaults.at("vision-model") == find_setup("ollama-vision")->defaults.at("vision-model"));
}
