// Models API: the stack lists the models its providers serve, with their
// type and metadata, and routes registered aliases.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <doctest/doctest.h>

namespace {

const llama_stack::Model* find(const std::vector<llama_stack::Model>& models, const std::string& id) {
  for (const auto& m : models)
    if (m.identifier == id) return &m;
  return nullptr;
}

}  // namespace

LLAMA_STACK_TEST(test_text_model_is_listed, "text-model") {
  auto models = t.client().models.list();
  const auto* model = find(models, t.text_model());
  REQUIRE_MESSAGE(model != nullptr, t.text_model() << " is not among the stack's models");
  CHECK(model->model_type == "llm");
  CHECK(!model->provider_id.empty());
  CHECK(!model->provider_resource_id.empty());
}

LLAMA_STACK_TEST(test_embedding_model_is_listed, "embedding-model") {
  auto models = t.client().models.list();
  const auto* model = find(models, t.embedding_model());
  REQUIRE_MESSAGE(model != nullptr, t.embedding_model() << " is not among the stack's models");
  CHECK(model->model_type == "embedding");
  if (const auto* dim = model->metadata.if_contains("embedding_dimension"))
    CHECK(dim->to_number<int>() == t.embedding_dimension());
}

LLAMA_STACK_TEST(test_register_and_unregister_alias, "text-model") {
  auto& client = t.client();
  const auto model = client.models.retrieve(t.text_model());
  const std::string alias = "alias-of-" + model.provider_resource_id;
  auto registered = client.models.register_model(alias, model.provider_id, model.provider_resource_id);
  CHECK(registered.identifier == alias);
  CHECK(client.models.retrieve(alias).provider_resource_id == model.provider_resource_id);
  client.models.unregister(alias);
  CHECK_THROWS(client.models.retrieve(alias));
}
