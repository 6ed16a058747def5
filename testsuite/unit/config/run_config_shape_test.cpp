// Files that are not run configs are refused with what they look like, and
// api names the Llama Stack does not have are reported by name.
#include "stack/config/api_names.hpp"
#include "stack/config/run_config.hpp"
#include "stack/config/stack_pointer.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>

using config_test::config_error;
using config_test::TempDir;
using config_test::write_text;
using llama_stack::Environment;
using llama_stack::load_run_config;
using llama_stack::parse_run_config;
using llama_stack::RunConfig;

namespace {

// The shape of the Python distributions' build.yaml files.
constexpr std::string_view kBuildYaml = R"(version: 2
distribution_spec:
  description: Quick start template for running Llama Stack with several popular providers
  providers:
    inference:
    - provider_type: remote::ollama
    - provider_type: remote::vllm
    vector_io:
    - provider_type: inline::faiss
image_type: venv
additional_pip_packages:
- aiosqlite
- sqlalchemy[asyncio]
)";

RunConfig parse(std::string_view yaml) {
  return parse_run_config(yaml, "f.yaml", Environment::isolated());
}

}  // namespace

TEST_CASE("the version is checked: another is refused, a missing one is a warning") {
  config_error([] { parse("version: 999\napis: [inference]\n"); },
               {"f.yaml:1", "version", "version 999 is not supported", "version 2"});
  config_error([] { parse("version: 1\napis: [inference]\n"); }, {"version 1 is not supported"});
  CHECK(parse("version: 2\napis: [inference]\n").warnings.empty());
  CHECK(parse("version: '2'\napis: [inference]\n").warnings.empty());
  const RunConfig unversioned = parse("apis: [inference]\n");
  REQUIRE(unversioned.warnings.size() == 1);
  CHECK(unversioned.warnings[0].find("f.yaml: no 'version': read as version 2") != std::string::npos);
}

TEST_CASE("a build.yaml is refused as one, naming the file") {
  TempDir dir;
  const auto file = dir.path() / "starter" / "build.yaml";
  write_text(file, kBuildYaml);
  config_error([&] { load_run_config(file, Environment::isolated()); },
               {file.string() + ":1", "looks like a build.yaml", "distribution_spec",
                "run.yaml (or config.yaml)"});
  // Also when pointed at as a stack.
  config_error(
      [&] { llama_stack::resolve_stack_pointer(file.string(), Environment::isolated(), {}, {}); },
      {file.string(), "looks like a build.yaml"});
}

TEST_CASE("YAML that is not a run config is refused, not loaded as an empty stack") {
  config_error([] { parse(""); }, {"f.yaml", "not a run config", "the file is empty"});
  config_error([] { parse("# only a comment\n\n"); }, {"f.yaml", "the file is empty"});
  config_error([] { parse("~\n"); }, {"f.yaml", "the file is empty"});
  config_error(
      [] { parse("- inference\n- safety\n"); },
      {"f.yaml:1", "not a run config", "expected a mapping, found a sequence", "'providers:'"});
  config_error([] { parse("just some text\n"); },
               {"f.yaml:1", "not a run config", "found a scalar ('just some text')"});
  config_error([] { parse("{}\n"); },
               {"f.yaml:1", "neither 'providers' nor 'apis'", "it is an empty mapping"});
  // A recording, a JSON file, is YAML too.
  config_error([] { parse(R"({"request": {"url": "/v1/models"}, "response": {"body": []}})"); },
               {"neither 'providers' nor 'apis'", "its keys: request, response"});
  config_error([] { parse("version: 2\nimage_name: x\nmodels: []\n"); },
               {"its keys: version, image_name, models"});
  const std::string many = config_error(
      [] { parse("a: 1\nb: 1\nc: 1\nd: 1\ne: 1\nf: 1\ng: 1\nh: 1\ni: 1\nj: 1\n"); }, {});
  CHECK(many.find("a, b, c, d, e, f, g, h, ...") != std::string::npos);
}

TEST_CASE("either providers or apis makes a run config") {
  CHECK(parse("apis: [inference]\n").providers.empty());
  CHECK(parse("providers: {}\n").apis.empty());
}

TEST_CASE("an unknown api is reported by name, with file and key path") {
  config_error(
      [] {
        parse(
            "apis: [inference]\nproviders:\n  inferense:\n  - provider_id: o\n"
            "    provider_type: remote::ollama\n");
      },
      {"f.yaml:4", "providers.inferense", "unknown api 'inferense'", "inference", "vector_io"});
  config_error([] { parse("apis:\n- inference\n- telemetri\n"); },
               {"f.yaml:3", "apis[1]", "unknown api 'telemetri'"});
}

TEST_CASE("known apis load whether or not this project implements them") {
  std::string yaml = "apis:\n";
  for (std::string_view api : llama_stack::known_api_names()) {
    yaml += "- " + std::string(api) + "\n";
  }
  yaml += "providers:\n";
  for (std::string_view api : {"post_training", "file_processors", "interactions", "messages",
                               "responses", "telemetry", "connectors", "admin"}) {
    yaml += "  " + std::string(api) + ":\n  - provider_id: p\n    provider_type: inline::p\n";
  }
  const RunConfig config = parse(yaml);
  CHECK(config.apis.size() == llama_stack::known_api_names().size());
  CHECK(config.providers.size() == 8);
}

TEST_CASE("the api names are those of the Python stack") {
  const auto names = llama_stack::known_api_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  for (std::string_view api :
       {"inference", "safety",  "agents",        "vector_io",    "datasetio",
        "scoring",   "eval",    "post_training", "tool_runtime", "telemetry",
        "files",     "batches", "conversations", "prompts",      "responses",
        "inspect",   "models",  "shields",       "vector_dbs",   "benchmarks"}) {
    CAPTURE(api);
    CHECK(llama_stack::is_known_api(api));
  }
  CHECK_FALSE(llama_stack::is_known_api("inferense"));
  CHECK_FALSE(llama_stack::is_known_api(""));
  CHECK_FALSE(llama_stack::is_known_api("Inference"));
}
