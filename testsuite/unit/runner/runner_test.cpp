#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/setups.hpp"
#include "testsuite/runner/test_expansion.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::testing;

namespace {

RunnerOptions parse(std::vector<std::string> args) { return parse_runner_args(args); }

std::string usage_error(std::vector<std::string> args, Environment env = Environment::isolated()) {
  try {
    auto options = parse_runner_args(args);
    finalize_options(options, env);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

void noop(TestContext&) {}

}  // namespace

TEST_CASE("the runner's options are ours, everything else goes to doctest") {
  auto o = parse({"--stack-config=starter", "-tc=*chat*", "--env", "A=1", "--env=B=x=y",
                  "--text-model=m1, m2", "--embedding-model", "e1", "-s", "--reporters=junit",
                  "--inference-mode=record-if-missing", "--embedding-dimension=384",
                  "--suite=base", "--setup=ollama"});
  REQUIRE(o.stack_config.has_value());
  CHECK(o.stack_config->config == "starter");
  CHECK(o.stack_config->target == StackConfigOption::Target::library);
  CHECK(o.env == std::vector<std::pair<std::string, std::string>>{{"A", "1"}, {"B", "x=y"}});
  CHECK(o.models.at("text-model") == std::vector<std::string>{"m1", "m2"});
  CHECK(o.models.at("embedding-model") == std::vector<std::string>{"e1"});
  CHECK(o.inference_mode == replay::InferenceMode::record_if_missing);
  CHECK(o.embedding_dimension == 384);
  CHECK(o.suite == "base");
  CHECK(o.setup == "ollama");
  CHECK(o.doctest_args == std::vector<std::string>{"-tc=*chat*", "--reporters=junit"});
  CHECK(o.doctest_filters == std::vector<std::string>{"-tc=*chat*"});
  CHECK(o.doctest_given == std::set<std::string>{"test-case", "reporters"});
  CHECK(o.verbose);
  CHECK_FALSE(o.doctest_query);
  CHECK(parse({}).inference_mode == replay::InferenceMode::replay);
  CHECK(parse({}).embedding_dimension == 768);
  CHECK(parse({"--help"}).help);
}

TEST_CASE("every --stack-config form parses") {
  CHECK(parse_stack_config("starter").target == StackConfigOption::Target::library);
  CHECK(parse_stack_config("/tmp/run.yaml").config == "/tmp/run.yaml");
  auto adhoc = parse_stack_config("inference=remote::ollama,safety=llama-guard");
  CHECK(adhoc.target == StackConfigOption::Target::library);
  CHECK(adhoc.config == "inference=remote::ollama,safety=llama-guard");
  auto server = parse_stack_config("server:starter");
  CHECK(server.target == StackConfigOption::Target::server);
  CHECK(server.config == "starter");
  CHECK_FALSE(server.port.has_value());
  auto server_port = parse_stack_config("server:starter:8322");
  CHECK(server_port.config == "starter");
  CHECK(server_port.port == 8322);
  auto server_adhoc = parse_stack_config("server:inference=remote::ollama");
  CHECK(server_adhoc.config == "inference=remote::ollama");
  CHECK_FALSE(server_adhoc.port.has_value());
  auto url = parse_stack_config("http://localhost:8321");
  CHECK(url.target == StackConfigOption::Target::url);
  CHECK(url.url == "http://localhost:8321");
  CHECK_THROWS_AS(parse_stack_config("server:starter:99999"), UsageError);
  CHECK_THROWS_AS(parse_stack_config("server:"), UsageError);
  CHECK_THROWS_AS(parse_stack_config(""), UsageError);
}

TEST_CASE("usage errors name the problem") {
  CHECK(contains(usage_error({"--stack-config=starter", "--suite=nope"}), "unknown suite 'nope'"));
  CHECK(contains(usage_error({"--stack-config=starter", "--suite=nope"}), "base, responses, vision"));
  CHECK(contains(usage_error({"--stack-config=starter", "--setup=nope"}), "unknown setup 'nope'"));
  CHECK(contains(usage_error({"--stack-config=starter", "--setup=nope"}), "ollama"));
  CHECK(contains(usage_error({"--inference-mode=replayy"}), "unknown inference mode 'replayy'"));
  CHECK(contains(usage_error({"--inference-mode=replayy"}), "record-if-missing"));
  CHECK(contains(usage_error({"--env", "NOEQUALS"}), "--env expects KEY=value"));
  CHECK(contains(usage_error({"--embedding-dimension=abc"}), "positive integer"));
  CHECK(contains(usage_error({"--text-model"}), "--text-model needs a value"));
  CHECK(contains(usage_error({}), "no stack to test"));
  CHECK(contains(usage_error({"-k", "chat"}), "no stack to test"));
  CHECK(usage_error({"--list-test-cases"}) == "(no error)");
  CHECK(usage_error({"--count", "--setup=ollama"}) == "(no error)");
}

TEST_CASE("LLAMA_STACK_CONFIG is the fallback for --stack-config") {
  auto env = Environment::isolated();
  env.set("LLAMA_STACK_CONFIG", "inference=ollama");
  auto o = parse({});
  finalize_options(o, env);
  CHECK(o.stack_config->config == "inference=ollama");
  auto explicit_wins = parse({"--stack-config=starter"});
  finalize_options(explicit_wins, env);
  CHECK(explicit_wins.stack_config->config == "starter");
}

TEST_CASE("a setup fills env only where unset and models only where not given") {
  auto env = Environment::isolated();
  env.set("OLLAMA_URL", "http://mine:1234");
  auto o = parse({"--stack-config=starter", "--setup=ollama", "--embedding-model=ollama/other",
                  "--env", "SAFETY_MODEL=from-env-flag"});
  CHECK(finalize_options(o, env) == "ollama");
  CHECK(env.get("OLLAMA_URL") == "http://mine:1234");
  CHECK(env.get("SAFETY_MODEL") == "from-env-flag");
  CHECK(o.models.at("text-model") == std::vector<std::string>{"ollama/llama3.2:3b-instruct-fp16"});
  CHECK(o.models.at("embedding-model") == std::vector<std::string>{"ollama/other"});

  auto env2 = Environment::isolated();
  auto gpt = parse({"--stack-config=starter", "--setup=gpt"});
  finalize_options(gpt, env2);
  CHECK(gpt.embedding_dimension == 1536);
  auto gpt_dim = parse({"--stack-config=starter", "--setup=gpt", "--embedding-dimension=256"});
  finalize_options(gpt_dim, env2);
  CHECK(gpt_dim.embedding_dimension == 256);
}

TEST_CASE("a suite without --setup uses its default setup") {
  for (auto [suite, setup] : std::vector<std::pair<std::string, std::string>>{
           {"base", "ollama"}, {"responses", "gpt"}, {"vision", "ollama-vision"}}) {
    auto env = Environment::isolated();
    auto o = parse({"--stack-config=starter", "--suite=" + suite});
    CHECK(finalize_options(o, env) == setup);
  }
  auto env = Environment::isolated();
  auto vision = parse({"--stack-config=starter", "--suite=vision"});
  finalize_options(vision, env);
  CHECK(vision.models.at("vision-model") == std::vector<std::string>{"ollama/llama3.2-vision:11b"});
  auto none = parse({"--stack-config=starter"});
  CHECK(finalize_options(none, env).empty());
  CHECK(none.models.empty());
}

TEST_CASE("tests expand to one instance per model combination with stable ids") {
  std::vector<TestDefinition> defs{
      {"/src/testsuite/inference/chat_test.cpp", 1, "test_chat", {"text-model"}, false, &noop},
      {"/src/testsuite/inference/embed_test.cpp", 2, "test_both", {"text-model", "embedding-model", "embedding-dimension"}, false, &noop},
      {"/src/testsuite/inspect/inspect_test.cpp", 3, "test_plain", {}, false, &noop},
  };
  auto o = parse({"--text-model=a,b", "--embedding-model=e", "--embedding-dimension=384"});
  auto instances = expand_tests(defs, o, nullptr);
  REQUIRE(instances.size() == 5);
  CHECK(instances[0].id == "inference/chat_test.cpp::test_chat[txt=a]");
  CHECK(instances[1].id == "inference/chat_test.cpp::test_chat[txt=b]");
  CHECK(instances[2].id == "inference/embed_test.cpp::test_both[txt=a:emb=e:dim=384]");
  CHECK(instances[3].id == "inference/embed_test.cpp::test_both[txt=b:emb=e:dim=384]");
  CHECK(instances[4].id == "inspect/inspect_test.cpp::test_plain");
  CHECK(instances[2].params.at("embedding-model") == "e");
  for (const auto& i : instances) CHECK(i.skip_reason.empty());
}

TEST_CASE("a test whose model is absent is one skipped instance naming the option") {
  std::vector<TestDefinition> defs{
      {"/src/testsuite/inference/vision_test.cpp", 1, "test_image", {"vision-model"}, true, &noop}};
  auto instances = expand_tests(defs, parse({"--text-model=a"}), nullptr);
  REQUIRE(instances.size() == 1);
  CHECK(instances[0].id == "inference/vision_test.cpp::test_image");
  CHECK(contains(instances[0].skip_reason, "--vision-model"));
}

TEST_CASE("suites narrow what runs") {
  std::vector<TestDefinition> defs{
      {"/s/testsuite/inference/chat_test.cpp", 1, "chat", {}, false, &noop},
      {"/s/testsuite/inference/vision_test.cpp", 2, "vision", {}, true, &noop},
      {"/s/testsuite/responses/basic_test.cpp", 3, "responses", {}, false, &noop},
  };
  auto names = [&](const char* suite) {
    std::vector<std::string> out;
    for (const auto& i : expand_tests(defs, parse({}), find_suite(suite))) out.push_back(i.definition->name);
    return out;
  };
  CHECK(names("base") == std::vector<std::string>{"chat", "vision"});
  CHECK(names("vision") == std::vector<std::string>{"vision"});
  CHECK(names("responses") == std::vector<std::string>{"responses"});
  CHECK(expand_tests(defs, parse({}), nullptr).size() == 3);
}

TEST_CASE("--help lists every custom option, suite and setup") {
  const std::string help = custom_options_help();
  for (const char* option : {"--stack-config", "--env", "--text-model", "--vision-model",
                             "--embedding-model", "--safety-shield", "--judge-model",
                             "--embedding-dimension", "--inference-mode", "--suite", "--setup"})
    CHECK(contains(help, option));
  for (const auto& s : known_setups()) CHECK(contains(help, s.name + ":"));
  for (const auto& s : known_suites()) CHECK(contains(help, s.name + ":"));
  for (const char* setup : {"ollama", "ollama-vision", "vllm", "gpt", "claude", "tgi", "together",
                            "fireworks", "cerebras", "databricks", "anthropic", "groq", "llama-api"})
    CHECK(find_setup(setup) != nullptr);
}

TEST_CASE("LLAMA_STACK_TEST_INFERENCE_MODE sets the mode unless --inference-mode is given") {
  auto env = Environment::isolated();
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "record-if-missing");
  auto from_env = parse({"--stack-config=starter"});
  finalize_options(from_env, env);
  CHECK(from_env.inference_mode == replay::InferenceMode::record_if_missing);
  auto flag_wins = parse({"--stack-config=starter", "--inference-mode=live"});
  finalize_options(flag_wins, env);
  CHECK(flag_wins.inference_mode == replay::InferenceMode::live);
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "sideways");
  auto bad = parse({"--stack-config=starter"});
  CHECK_THROWS_AS(finalize_options(bad, env), UsageError);
  auto unset = Environment::isolated();
  auto fallback = parse({"--stack-config=starter"});
  finalize_options(fallback, unset);
  CHECK(fallback.inference_mode == replay::InferenceMode::replay);
}
