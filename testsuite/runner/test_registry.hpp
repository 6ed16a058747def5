#pragma once
// Integration tests are declared with LLAMA_STACK_TEST and expanded by the
// runner into one doctest test case per combination of the models they use,
// each with a stable id "<file>::<test>[<params>]" (the Python suite's ids).
//
//   LLAMA_STACK_TEST(test_chat_completion, "text-model") {
//     auto r = t.client().chat.completions.create({{"model", t.text_model()}, ...});
//     CHECK(!r.choices.at(0).message.content.value_or("").empty());
//   }
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {
class LlamaStackClient;
}

namespace llama_stack::testing {

class TestContext;
using TestFunction = void (*)(TestContext&);

struct TestDefinition {
  const char* file;  // __FILE__
  int line;
  const char* name;
  std::vector<std::string> uses;  // model options: "text-model", "embedding-model", ...
  bool vision = false;            // belongs to the vision suite
  TestFunction function;
};

// Called at static-initialisation time by LLAMA_STACK_TEST.
int register_test(TestDefinition definition);
const std::vector<TestDefinition>& registered_tests();

// "inference/chat_test.cpp" for a __FILE__ below testsuite/.
std::string relative_test_file(std::string_view file);
// The folder of the test file: "inference".
std::string test_area(std::string_view file);

// One runnable instance of a test: a combination of its parameters.
struct TestInstance {
  const TestDefinition* definition;
  std::string id;
  std::map<std::string, std::string> params;  // option name → value
  int embedding_dimension = 768;
  std::string skip_reason;  // non-empty: not run
};

// Thrown by TestContext::skip; the runner reports the test as skipped.
struct TestSkipped {
  std::string reason;
};

class TestContext {
 public:
  TestContext(const TestInstance& instance, LlamaStackClient& (*client)());
  LlamaStackClient& client();
  const std::string& text_model() const { return param("text-model"); }
  const std::string& vision_model() const { return param("vision-model"); }
  const std::string& embedding_model() const { return param("embedding-model"); }
  const std::string& safety_shield() const { return param("safety-shield"); }
  const std::string& judge_model() const { return param("judge-model"); }
  int embedding_dimension() const { return instance_.embedding_dimension; }
  const std::string& test_id() const { return instance_.id; }
  // Ends the test as skipped, like pytest.skip.
  [[noreturn]] void skip(std::string reason) const;

 private:
  const std::string& param(const std::string& option) const;
  const TestInstance& instance_;
  LlamaStackClient& (*client_)();
};

}  // namespace llama_stack::testing

#define LLAMA_STACK_TEST_IMPL(NAME, VISION, ...)                                          \
  static void NAME(::llama_stack::testing::TestContext& t);                              \
  [[maybe_unused]] static const int NAME##_registration =                                \
      ::llama_stack::testing::register_test({__FILE__, __LINE__, #NAME, {__VA_ARGS__},  \
                                             VISION, &NAME});                            \
  static void NAME([[maybe_unused]] ::llama_stack::testing::TestContext& t)

// LLAMA_STACK_TEST(name, "text-model", ...) { body using t }
#define LLAMA_STACK_TEST(NAME, ...) LLAMA_STACK_TEST_IMPL(NAME, false __VA_OPT__(, ) __VA_ARGS__)
// A test of the vision suite.
#define LLAMA_STACK_VISION_TEST(NAME, ...) \
  LLAMA_STACK_TEST_IMPL(NAME, true __VA_OPT__(, ) __VA_ARGS__)
