// The distributions this project ships (distributions/) resolve by name.
#include "stack/config/stack_pointer.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>

using config_test::fixture;
using llama_stack::Environment;
using llama_stack::load_run_config;
using llama_stack::ProviderEntry;
using llama_stack::resolve_stack_pointer;
using llama_stack::RunConfig;

namespace {

const std::vector<std::filesystem::path> kShipped{DISTRIBUTIONS_DIR};

std::vector<std::string> ids_and_types(const std::vector<ProviderEntry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.api + "/" + e.provider_id + "/" + e.provider_type);
  return out;
}

}  // namespace

TEST_CASE("ci-tests ships beside starter and is the Python ci-tests run.yaml") {
  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://localhost:11434");
  const RunConfig shipped = resolve_stack_pointer("ci-tests", env, kShipped, {});
  CHECK(shipped.source == std::filesystem::path(DISTRIBUTIONS_DIR) / "ci-tests" / "run.yaml");
  CHECK(shipped.image_name == "ci-tests");

  const RunConfig python = load_run_config(fixture("distributions/python/ci-tests/run.yaml"), env);
  CHECK(shipped.apis == python.apis);
  CHECK(ids_and_types(shipped.providers) == ids_and_types(python.providers));
  CHECK(ids_and_types(shipped.disabled_providers) == ids_and_types(python.disabled_providers));
  CHECK(shipped.providers.size() == 29);  // with Ollama
  CHECK(shipped.tool_groups.size() == 2);

  const RunConfig starter = resolve_stack_pointer("starter", env, kShipped, {});
  CHECK(starter.image_name == "starter");
}
