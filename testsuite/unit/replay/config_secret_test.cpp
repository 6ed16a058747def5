// A key never reaches an error message: a run.yaml whose api_key is
// mistyped (given under a misspelt name, or as a list or mapping) is refused
// naming the provider and the key, never quoting the value. The check is the
// plugin layer's (stack/plugin/provider_schema.cpp); this proves it for the
// ways a key is mistyped in practice.
#include "stack/config/run_config.hpp"
#include "stack/core/stack.hpp"
#include "testsuite/unit/replay/replay_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

namespace {

constexpr const char* kKey = "sk-proj-MISTYPED0123456789";

std::string config_error_of(const std::string& config_lines) {
  const std::string yaml =
      "version: 2\nimage_name: t\napis: [inference]\nproviders:\n  inference:\n"
      "  - provider_id: openai\n    provider_type: remote::openai\n    config:\n" +
      config_lines;
  const Environment env = Environment::isolated();
  StackOptions options;
  options.env = env;
  options.http = std::make_shared<replay_test::ScriptedUpstream>();
  RunConfig config = parse_run_config(yaml, "mistyped.yaml", env);
  config.source = "mistyped.yaml";
  try {
    Stack::create(std::move(config), ProviderRegistry::discover(env), options);
  } catch (const ProviderConfigError& e) {
    CHECK(e.provider_id() == "openai");
    return e.what();
  }
  FAIL("expected a ProviderConfigError");
  return "";
}

}  // namespace

TEST_CASE("a mistyped api_key is refused without echoing its value") {
  const std::string key = kKey;
  for (const std::string& lines : {"      api_kye: " + key + "\n", "      apikey: " + key + "\n",
                                   "      api_key: [" + key + "]\n", "      api_key: {value: " + key + "}\n",
                                   "      api_key:\n        - " + key + "\n"}) {
    CAPTURE(lines);
    const std::string what = config_error_of(lines);
    CHECK(what.find("MISTYPED") == std::string::npos);
    CHECK(what.find("mistyped.yaml") != std::string::npos);
    CHECK(what.find("config key '") != std::string::npos);
  }
}
