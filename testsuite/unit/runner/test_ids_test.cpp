// Test ids: the rule mapping a Python test id onto ours (on the real ids of
// the Python captures), the ids our expansion forms (they must be what the
// rule yields for the mirrored Python test), and the test-case fixtures.
#include "stack/replay/test_id_mapping.hpp"
#include "testsuite/inference/test_cases.hpp"
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/test_expansion.hpp"
#include "testsuite/support/capture_file.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <set>

using namespace llama_stack;
using namespace llama_stack::testing;
using llama_stack::replay::is_client_fixture_param;
using llama_stack::replay::suite_test_id;

namespace {

void noop(TestContext&) {}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// Every test id of the captures (the Python project's recordings).
std::set<std::string> captured_test_ids() {
  std::set<std::string> ids;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(fixture_dir() / "captures")) {
    if (entry.path().extension() != ".json") continue;
    const auto capture = read_capture_file(entry.path());
    if (capture.test_id.is_string()) ids.insert(std::string(capture.test_id.as_string()));
  }
  return ids;
}

const char* const kTextModel = "ollama/llama3.2:3b-instruct-fp16";

}  // namespace

TEST_CASE("a Python test id maps onto ours: path, .cpp, class kept, client fixture dropped") {
  CHECK(suite_test_id("tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_"
                      "non_streaming[openai_client-txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_"
                      "completion:non_streaming_01]") ==
        "inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/"
        "llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]");
  CHECK(suite_test_id("tests/integration/inference/test_openai_embeddings.py::test_openai_embeddings_"
                      "single_string[llama_stack_client-emb=ollama/all-minilm:l6-v2]") ==
        "inference/test_openai_embeddings.cpp::test_openai_embeddings_single_string[emb=ollama/all-minilm:l6-v2]");
  CHECK(suite_test_id("tests/integration/inference/test_tools_with_schemas.py::TestOpenAICompatibility::"
                      "test_openai_chat_completion_with_tools[openai_client-txt=ollama/llama3.2:3b-instruct-fp16]") ==
        "inference/test_tools_with_schemas.cpp::TestOpenAICompatibility::test_openai_chat_completion_with_tools"
        "[txt=ollama/llama3.2:3b-instruct-fp16]");
  CHECK(suite_test_id("tests/integration/inference/test_openai_completion.py::test_inference_store["
                      "client_with_models-txt=ollama/llama3.2:3b-instruct-fp16-True]") ==
        "inference/test_openai_completion.cpp::test_inference_store[txt=ollama/llama3.2:3b-instruct-fp16-True]");
  // Other parameters keep their place and separators; only a whole client parameter goes.
  CHECK(suite_test_id("tests/integration/vector_io/test_openai_vector_stores.py::test_openai_vector_store_"
                      "search_relevance[client_with_models-ollama/llama3.2:3b-instruct-fp16-None-ollama/"
                      "all-minilm:l6-v2-None-384-test_case3]") ==
        "vector_io/test_openai_vector_stores.cpp::test_openai_vector_store_search_relevance[ollama/"
        "llama3.2:3b-instruct-fp16-None-ollama/all-minilm:l6-v2-None-384-test_case3]");
  CHECK(suite_test_id("tests/integration/x/test_y.py::test_z[txt=m-openai_client]") == "x/test_y.cpp::test_z[txt=m]");
  CHECK(suite_test_id("tests/integration/x/test_y.py::test_z[txt=my-openai_client-model]") ==
        "x/test_y.cpp::test_z[txt=my-model]");
  CHECK(suite_test_id("tests/integration/x/test_y.py::test_z[txt=not_openai_client-x]") ==
        "x/test_y.cpp::test_z[txt=not_openai_client-x]");
  // Nothing left in the brackets: no brackets.
  CHECK(suite_test_id("tests/integration/inspect/test_inspect.py::TestInspect::test_health[llama_stack_client]") ==
        "inspect/test_inspect.cpp::TestInspect::test_health");
  CHECK(suite_test_id("tests/integration/inspect/test_inspect.py::TestInspect::test_health") ==
        "inspect/test_inspect.cpp::TestInspect::test_health");
  CHECK(is_client_fixture_param("client_with_models"));
  CHECK_FALSE(is_client_fixture_param("txt=ollama/llama3.2:3b-instruct-fp16"));
}

TEST_CASE("every captured Python id maps onto an id of our form, and ours map onto themselves") {
  const auto ids = captured_test_ids();
  REQUIRE(ids.size() > 100);  // the captures hold well over a hundred distinct tests
  std::set<std::string> mapped;
  for (const auto& id : ids) {
    CAPTURE(id);
    const std::string ours = suite_test_id(id);
    CAPTURE(ours);
    REQUIRE(id.rfind("tests/integration/", 0) == 0);
    // The file with .cpp for .py, then the test (and class) as they were.
    const std::string python_path = id.substr(std::string("tests/integration/").size());
    const std::size_t py = python_path.find(".py::");
    REQUIRE(py != std::string::npos);
    const std::string name = python_path.substr(py + 5, python_path.find('[') - py - 5);
    CHECK(ours.rfind(python_path.substr(0, py) + ".cpp::" + name, 0) == 0);
    CHECK(contains(ours, ".cpp::"));
    CHECK_FALSE(contains(ours, ".py"));
    for (const char* client : {"client_with_models", "openai_client", "llama_stack_client"}) {
      CHECK_FALSE(contains(ours, std::string("[") + client));
      CHECK_FALSE(contains(ours, std::string("-") + client + "-"));
    }
    CHECK(suite_test_id(ours) == ours);
    mapped.insert(ours);
  }
  // The Python tests run once per client collapse onto one id each.
  CHECK(mapped.size() < ids.size());
  CHECK(mapped.count("inference/test_openai_embeddings.cpp::test_openai_embeddings_single_string"
                     "[emb=ollama/all-minilm:l6-v2]") == 1);
  CHECK(ids.count("tests/integration/inference/test_openai_embeddings.py::test_openai_embeddings_single_string"
                  "[openai_client-emb=ollama/all-minilm:l6-v2]") == 1);
  CHECK(ids.count("tests/integration/inference/test_openai_embeddings.py::test_openai_embeddings_single_string"
                  "[llama_stack_client-emb=ollama/all-minilm:l6-v2]") == 1);
}

TEST_CASE("our ids are the mapped ids of the Python tests they mirror") {
  const auto ids = captured_test_ids();
  std::vector<TestDefinition> defs{
      {"/src/testsuite/inference/test_openai_completion.cpp", 1, "test_openai_chat_completion_non_streaming",
       {"text-model"}, false, &noop, {test_cases({"inference:chat_completion:non_streaming_01",
                                                  "inference:chat_completion:non_streaming_02"})}},
      {"/src/testsuite/inference/test_openai_completion.cpp", 2, "test_openai_completion_stop_sequence",
       {"text-model"}, false, &noop, {test_cases({"inference:completion:stop_sequence"})}},
      {"/src/testsuite/inference/test_openai_embeddings.cpp", 3, "test_openai_embeddings_single_string",
       {"embedding-model"}, false, &noop},
      {"/src/testsuite/inference/test_tools_with_schemas.cpp", 4, "TestStreamingWithTools::test_streaming_tool_calls",
       {"text-model"}, false, &noop},
      {"/src/testsuite/inference/test_vision_inference.cpp", 5, "test_image_chat_completion_streaming",
       {"vision-model"}, true, &noop},
  };
  auto options = parse_runner_args({"--text-model=" + std::string(kTextModel),
                                    "--embedding-model=ollama/all-minilm:l6-v2", "--embedding-dimension=384",
                                    "--vision-model=ollama/llama3.2-vision:11b"});
  const auto instances = expand_tests(defs, options, nullptr);
  REQUIRE(instances.size() == 6);
  std::set<std::string> mapped;
  for (const auto& id : ids) mapped.insert(suite_test_id(id));
  for (const auto& instance : instances) {
    CAPTURE(instance.id);
    CHECK(mapped.count(instance.id) == 1);
  }
  CHECK(instances[1].id ==
        "inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/"
        "llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_02]");
  CHECK(instances[1].params.at("test_case") == "inference:chat_completion:non_streaming_02");
}

TEST_CASE("ids follow conftest.py: models joined by ':', dim only when declared, then parametrisations") {
  std::vector<TestDefinition> defs{
      {"/s/testsuite/vector_io/test_x.cpp", 1, "test_all", {"judge-model", "embedding-dimension", "text-model"},
       false, &noop, {parametrize("stream", {"True", "False"})}},
      {"/s/testsuite/inference/test_e.cpp", 2, "test_emb", {"embedding-model"}, false, &noop},
      {"/s/testsuite/inference/test_c.cpp", 3, "test_cases_only", {}, false, &noop,
       {test_cases({"inference:completion:sanity"}), parametrize("n", {"1"})}},
      {"/s/testsuite/inspect/test_inspect.cpp", 4, "TestInspect::test_health", {}, false, &noop},
  };
  auto options = parse_runner_args({"--text-model=meta-llama/Llama-3.2-3B-Instruct", "--judge-model=j",
                                    "--embedding-model=e", "--embedding-dimension=384"});
  const auto instances = expand_tests(defs, options, nullptr);
  REQUIRE(instances.size() == 5);
  // conftest's order (txt, vis, emb, shield, judge, dim) whatever the declaration order; its short ids.
  CHECK(instances[0].id == "vector_io/test_x.cpp::test_all[txt=3B:judge=j:dim=384-True]");
  CHECK(instances[1].id == "vector_io/test_x.cpp::test_all[txt=3B:judge=j:dim=384-False]");
  CHECK(instances[0].params.at("stream") == "True");
  CHECK(instances[0].params.at("text-model") == "meta-llama/Llama-3.2-3B-Instruct");
  CHECK(instances[2].id == "inference/test_e.cpp::test_emb[emb=e]");
  CHECK(instances[3].id == "inference/test_c.cpp::test_cases_only[inference:completion:sanity-1]");
  CHECK(instances[4].id == "inspect/test_inspect.cpp::TestInspect::test_health");
}

TEST_CASE("client_with_models' models are ided by value after a fixture's params, as the captured Python run") {
  // Ids of the captured Python run of safety/test_llama_guard.py (testsuite/fixtures/captures/safety).
  const std::vector<std::string> python_ids = {
      "tests/integration/safety/test_llama_guard.py::test_safe_text_examples[Llama-Guard-4-12B-ollama/"
      "llama3.2:3b-instruct-fp16-None-ollama/all-minilm:l6-v2-None-384-Tell me 3 signs that an email is a scam]",
      "tests/integration/safety/test_llama_guard.py::test_llama_guard_with_conversation_history[Llama-Guard-4-12B-"
      "ollama/llama3.2:3b-instruct-fp16-None-ollama/all-minilm:l6-v2-None-384]",
  };
  std::vector<TestDefinition> defs{
      {"/s/testsuite/safety/test_llama_guard.cpp", 1, "test_safe_text_examples", {kClientWithModels}, false, &noop,
       {fixture_params("model", {"Llama-Guard-4-12B"}),
        parametrize("example", {"Tell me 3 signs that an email is a scam"})}},
      {"/s/testsuite/safety/test_llama_guard.cpp", 2, "test_llama_guard_with_conversation_history",
       {kClientWithModels}, false, &noop, {fixture_params("model", {"Llama-Guard-4-12B"})}},
  };
  auto options = parse_runner_args({"--text-model=" + std::string(kTextModel),
                                    "--embedding-model=ollama/all-minilm:l6-v2", "--embedding-dimension=384"});
  const auto instances = expand_tests(defs, options, nullptr);
  REQUIRE(instances.size() == 2);
  for (std::size_t i = 0; i < instances.size(); ++i) {
    CAPTURE(instances[i].id);
    CHECK(instances[i].id == suite_test_id(python_ids[i]));
    CHECK(instances[i].skip_reason.empty());
  }
  CHECK(instances[0].params.at("model") == "Llama-Guard-4-12B");
  CHECK(instances[0].params.at("text-model") == kTextModel);
  CHECK(instances[0].params.count("vision-model") == 0);

  // A vision model given is a value in the id, not "None"; two text models are two instances.
  options = parse_runner_args({"--text-model=a,b", "--vision-model=v"});
  const auto both = expand_tests({defs[1]}, options, nullptr);
  REQUIRE(both.size() == 2);
  CHECK(both[0].id == "safety/test_llama_guard.cpp::test_llama_guard_with_conversation_history[Llama-Guard-4-12B-a-v-None-None-" +
                          std::to_string(options.embedding_dimension) + "]");
  CHECK(both[1].id.find("-b-v-") != std::string::npos);
}

TEST_CASE("string parameters are ided as pytest escapes them") {
  CHECK(pytest_string_id("What's the most effective way?") == "What's the most effective way?");
  CHECK(pytest_string_id("\n    Write it.\n    ") == "\\n    Write it.\\n    ");
  CHECK(pytest_string_id("a\\b\tc\r") == "a\\\\b\\tc\\r");
  CHECK(pytest_string_id("\xc2\xbf" "D\xc3\xb3nde") == "\\xbf" "D\\xf3nde");       // Latin-1 range: \xNN
  CHECK(pytest_string_id("\xe2\x82\xac") == "\\u20ac");                        // BMP: \uNNNN
  CHECK(pytest_string_id("\xf0\x9f\x98\x80") == "\\U0001f600");               // beyond: \UNNNNNNNN
  CHECK(pytest_string_id(std::string("\x01\x7f", 2)) == "\\x01\\x7f");
  CHECK(pytest_string_id("\xff") == "\\xff");                                    // malformed UTF-8: by byte
}

TEST_CASE("a test reading a parameter it did not declare is told which") {
  TestDefinition def{"/s/testsuite/inference/test_c.cpp", 1, "test_c", {}, false, &noop};
  TestInstance instance{&def, "inference/test_c.cpp::test_c", {}, 768, {}};
  TestContext t(instance, nullptr);
  try {
    (void)t.test_case();
    FAIL("no error");
  } catch (const std::logic_error& e) {
    CHECK(contains(e.what(), "inference/test_c.cpp::test_c"));
    CHECK(contains(e.what(), "'test_case'"));
  }
}

TEST_CASE("test cases are read from the project's copy of the Python test cases") {
  const auto& sanity = test_case_data("inference:completion:sanity");
  CHECK(sanity.at("content") == "Complete the sentence using one word: Roses are red, violets are ");
  const auto& tools = test_case_data("inference:chat_completion:tool_calling");
  CHECK(tools.at("expected").at("location") == "San Francisco, CA");
  CHECK(std::filesystem::exists(fixture_dir() / "test_cases" / "LICENSE"));

  auto error = [](const char* id) {
    try {
      (void)test_case_data(id);
    } catch (const std::runtime_error& e) {
      return std::string(e.what());
    }
    return std::string("(no error)");
  };
  const std::string unknown = error("inference:completion:no_such_case");
  CHECK(contains(unknown, "test_cases/inference/completion.json"));
  CHECK(contains(unknown, "no_such_case"));
  CHECK(contains(error("inference:no_such_file:x"), "test_cases/inference/no_such_file.json: cannot read"));
  CHECK(contains(error("sanity"), "<api>:<file>:<case>"));
}
