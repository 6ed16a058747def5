// Inspect API: health, version and the routes the stack serves. The Python
// suite's inspect/test_inspect.py holds the first two (class TestInspect).
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <doctest/doctest.h>

LLAMA_STACK_CLASS_TEST(TestInspect, test_version) {
  auto version = t.client().inspect.version();
  REQUIRE(version.contains("version"));
  CHECK(!version.at("version").as_string().empty());
}

LLAMA_STACK_CLASS_TEST(TestInspect, test_health) {
  auto health = t.client().inspect.health();
  REQUIRE(health.contains("status"));
  const std::string status(health.at("status").as_string());
  CHECK((status == "OK" || status == "Degraded"));
  if (status == "Degraded") CHECK(health.contains("problems"));
}

LLAMA_STACK_TEST(test_routes_include_inference) {
  bool chat = false;
  bool models = false;
  for (const auto& r : t.client().inspect.routes()) {
    chat |= r.at("route") == "/v1/chat/completions" && r.at("method") == "POST";
    models |= r.at("route") == "/v1/models" && r.at("method") == "GET";
  }
  CHECK(chat);
  CHECK(models);
}
