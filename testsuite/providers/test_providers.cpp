// Providers API: every configured provider is listed with its API and type
// (the Python suite's providers/test_providers.py::TestProviders::test_providers).
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <doctest/doctest.h>

LLAMA_STACK_CLASS_TEST(TestProviders, test_providers) {
  auto providers = t.client().providers.list();
  REQUIRE(!providers.empty());
  bool inference = false;
  for (const auto& p : providers) {
    CHECK(!p.api.empty());
    CHECK(!p.provider_id.empty());
    CHECK(p.provider_type.find("::") != std::string::npos);
    inference |= p.api == "inference" && p.running;
  }
  CHECK(inference);
}

LLAMA_STACK_TEST(test_text_model_provider_is_running, "text-model") {
  auto& client = t.client();
  const auto model = client.models.retrieve(t.text_model());
  bool running = false;
  for (const auto& p : client.providers.list())
    if (p.provider_id == model.provider_id) running = p.running;
  CHECK(running);
}
