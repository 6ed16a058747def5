#pragma once
// Integration tests are declared with LLAMA_STACK_TEST and expanded by the
// runner into one doctest test case per combination of their parameters,
// each with a stable id "<file>::<test>[<params>]": the id the rule of
// stack/replay/test_id_mapping.hpp yields for the Python test it mirrors, so
// the Python project's recordings replay here.
//
//   LLAMA_STACK_TEST(test_openai_chat_completion_non_streaming, "text-model",
//                    test_cases({"inference:chat_completion:non_streaming_01"})) {
//     auto r = t.client().chat.completions.create({{"model", t.text_model()}, ...});
//   }
//   → inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[
//       txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]
//
// A test taking client_with_models but none of the model fixtures in its own
// signature declares kClientWithModels instead of models: conftest.py then
// parametrises the fixtures without ids, so pytest ids them by value, each
// model or "None", and the dimension: "<txt>-<vis>-<emb>-<judge>-<dim>".
//
// A test's parameters, as conftest.py forms them: the models it uses
// ("text-model", "vision-model", "embedding-model", "safety-shield",
// "judge-model") and "embedding-dimension" when it takes the dimension as a
// parameter, joined by ":" as "txt=M:emb=E:dim=N"; then its own
// parametrisations (test cases, parametrize("stream", {"True", "False"})),
// joined by "-" in declaration order. A test in a Python class is declared
// with LLAMA_STACK_CLASS_TEST(Class, test): "<file>::Class::test[...]".
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {
class LlamaStackClient;
}

namespace llama_stack::testing {

inline constexpr const char* kClientWithModels = "client-with-models";

class TestContext;
using TestFunction = void (*)(TestContext&);

// One of the test's own parametrisations (pytest.mark.parametrize): a name
// the test reads with TestContext::parameter and the ids of its values.
struct Parametrization {
  std::string name;
  std::vector<std::string> values;
  // A fixture's params (pytest.fixture(params=...)): pytest puts their ids
  // before the models'.
  bool fixture = false;
};

// pytest.mark.parametrize(name, values) with pytest's ids of the values.
Parametrization parametrize(std::string name, std::vector<std::string> values);
// pytest's id of a string parameter: Python's "unicode_escape" of it
// (backslash, control characters and non-ASCII escaped, "\n" for a newline).
std::string pytest_string_id(std::string_view value);
// pytest.fixture(params=values) of a fixture the test uses, read as `name`.
Parametrization fixture_params(std::string name, std::vector<std::string> values);
// The Python suite's test cases by id ("inference:chat_completion:streaming_01"):
// the test runs once per case and reads it with TestContext::test_case.
Parametrization test_cases(std::initializer_list<const char*> ids);

struct TestDefinition {
  const char* file;  // __FILE__
  int line;
  const char* name;               // "test_x", or "Class::test_x"
  std::vector<std::string> uses;  // model options and "embedding-dimension"
  bool vision = false;            // belongs to the vision suite
  TestFunction function;
  std::vector<Parametrization> parametrizations = {};
};

// What LLAMA_STACK_TEST(name, ...) lists after the name: a model option
// ("text-model") or a parametrisation.
struct TestUse {
  TestUse(const char* option) : option(option) {}  // NOLINT: implicit by design
  TestUse(Parametrization p) : parametrization(std::move(p)) {}  // NOLINT
  std::string option;
  Parametrization parametrization;
};

// Called at static-initialisation time by LLAMA_STACK_TEST.
int register_test(TestDefinition definition);
int register_test(const char* file, int line, const char* name, bool vision, TestFunction function,
                  std::initializer_list<TestUse> uses);
const std::vector<TestDefinition>& registered_tests();

// "inference/chat_test.cpp" for a __FILE__ below testsuite/.
std::string relative_test_file(std::string_view file);
// The folder of the test file: "inference".
std::string test_area(std::string_view file);

// One runnable instance of a test: a combination of its parameters.
struct TestInstance {
  const TestDefinition* definition;
  std::string id;
  // Option name → model, "embedding-dimension" → N, parametrisation name → value id.
  std::map<std::string, std::string> params;
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
  const std::string& text_model() const { return parameter("text-model"); }
  const std::string& vision_model() const { return parameter("vision-model"); }
  const std::string& embedding_model() const { return parameter("embedding-model"); }
  const std::string& safety_shield() const { return parameter("safety-shield"); }
  const std::string& judge_model() const { return parameter("judge-model"); }
  // The run's --embedding-dimension. Readable by every test (the Python
  // tests read it from the config too); part of the id only when the test
  // declares "embedding-dimension".
  int embedding_dimension() const { return instance_.embedding_dimension; }
  // The test case id of this instance ("inference:completion:sanity").
  const std::string& test_case() const { return parameter("test_case"); }
  // A model option or a parametrisation of this instance; a test reading one
  // it did not declare is a logic_error naming both.
  const std::string& parameter(const std::string& name) const;
  const std::string& test_id() const { return instance_.id; }
  // Ends the test as skipped, like pytest.skip.
  [[noreturn]] void skip(std::string reason) const;

 private:
  const TestInstance& instance_;
  LlamaStackClient& (*client_)();
};

}  // namespace llama_stack::testing

#define LLAMA_STACK_TEST_IMPL(FUNCTION, NAME, VISION, ...)                                  \
  static void FUNCTION(::llama_stack::testing::TestContext& t);                            \
  [[maybe_unused]] static const int FUNCTION##_registration =                              \
      ::llama_stack::testing::register_test(__FILE__, __LINE__, NAME, VISION, &FUNCTION,  \
                                            {__VA_ARGS__});                                \
  static void FUNCTION([[maybe_unused]] ::llama_stack::testing::TestContext& t)

// LLAMA_STACK_TEST(name, "text-model", ..., test_cases(...)) { body using t }
#define LLAMA_STACK_TEST(NAME, ...) LLAMA_STACK_TEST_IMPL(NAME, #NAME, false, __VA_ARGS__)
// A test of the vision suite.
#define LLAMA_STACK_VISION_TEST(NAME, ...) LLAMA_STACK_TEST_IMPL(NAME, #NAME, true, __VA_ARGS__)
// A test the Python suite declares in a class: its id is "<file>::CLASS::NAME".
#define LLAMA_STACK_CLASS_TEST(CLASS, NAME, ...) \
  LLAMA_STACK_TEST_IMPL(CLASS##_##NAME, #CLASS "::" #NAME, false, __VA_ARGS__)
