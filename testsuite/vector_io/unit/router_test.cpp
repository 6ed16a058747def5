// The vector_io router: the provider chosen, the embedding model resolved
// and its dimension detected, stores routed by id through the resource table.
#include "stack/apis/vector_io/vector_io_router.hpp"
#include "testsuite/vector_io/unit/core_fixture.hpp"

using namespace llama_stack;
using namespace llama_stack::vector::test;

namespace {

struct RouterFixture {
  CoreFixture core;
  ModelTable models;
  ResourceTable resources;
  CountingIds stack_ids;
  VectorIoRouter router{RouterServices{models, resources, stack_ids}};
  RouterFixture() {
    models.register_model({"emb/topics", "emb", "topics", "embedding", {{"embedding_dimension", kDimension}}, false});
    models.register_model({"emb/undeclared", "emb", "undeclared", "embedding", {}, false});
    models.register_model({"llm/chat", "llm", "chat", "llm", {}, false});
    router.add_provider("vp", *core.core);
  }
};

}  // namespace

TEST_CASE("create: dimension from the model's metadata; provider auto-selected and named") {
  RouterFixture f;
  const auto store = f.router.create_vector_store(RequestContext{},
                                                  {{"name", "n"}, {"extra_body", {{"embedding_model", "emb/topics"}}}});
  CHECK(store.at("embedding_dimension") == kDimension);
  CHECK(store.at("metadata").at("provider_id") == "vp");
  const auto id = std::string(store.at("id").as_string());
  CHECK(f.resources.get(kVectorStoreKind, id).provider_id == "vp");
  // Without a model the first embedding model is used.
  CHECK(f.router.create_vector_store(RequestContext{}, {}).at("embedding_model") == "emb/topics");
  CHECK(f.router.list_vector_stores(RequestContext{}).size() == 2);
  f.router.delete_vector_store(RequestContext{}, id);
  CHECK(f.router.list_vector_stores(RequestContext{}).size() == 1);
}

TEST_CASE("create: a bad model, dimension or provider is named") {
  RouterFixture f;
  CHECK_THROWS_WITH_AS(
      f.router.create_vector_store(RequestContext{}, {{"embedding_model", "emb/topics"}, {"embedding_dimension", 768}}),
      doctest::Contains("is 768 but model 'emb/topics' has dimension 4"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.router.create_vector_store(RequestContext{}, {{"embedding_model", "emb/undeclared"}}),
                       doctest::Contains("'embedding_dimension' is required"), InvalidRequestError);
  CHECK(f.router
            .create_vector_store(RequestContext{}, {{"embedding_model", "emb/undeclared"}, {"embedding_dimension", 4}})
            .at("embedding_dimension") == 4);
  CHECK_THROWS_WITH_AS(f.router.create_vector_store(RequestContext{}, {{"embedding_model", "llm/chat"}}),
                       doctest::Contains("not an embedding model"), InvalidRequestError);
  CHECK_THROWS_AS(f.router.create_vector_store(RequestContext{}, {{"embedding_model", "nope"}}), NotFoundError);
  CHECK_THROWS_WITH_AS(f.router.create_vector_store(RequestContext{}, {{"provider_id", "faiss"}}),
                       doctest::Contains("'faiss'"), NotFoundError);
}

TEST_CASE("an unknown store is a 404 naming it, for every operation") {
  RouterFixture f;
  CHECK_THROWS_WITH_AS(f.router.retrieve_vector_store(RequestContext{}, "vs_nope"),
                       doctest::Contains("'vs_nope' not found"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.router.search_vector_store(RequestContext{}, "vs_nope", {{"query", "x"}}),
                       doctest::Contains("'vs_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(
      f.router.insert_chunks(RequestContext{}, {{"vector_db_id", "vs_nope"}, {"chunks", json::array{}}}),
      doctest::Contains("'vs_nope'"), NotFoundError);
  CHECK_THROWS_WITH_AS(f.router.delete_vector_store(RequestContext{}, "vs_nope"), doctest::Contains("'vs_nope'"),
                       NotFoundError);
}

TEST_CASE("refresh registers the stores a provider persisted") {
  RouterFixture f;
  const auto id = std::string(
      f.router.create_vector_store(RequestContext{}, {{"embedding_model", "emb/topics"}}).at("id").as_string());
  ResourceTable fresh;
  const auto warnings = refresh_vector_stores(fresh, {{"vp", "inline::sqlite-vec", f.core.core.get()}});
  CHECK(warnings.empty());
  CHECK(fresh.get(kVectorStoreKind, id).params.at("embedding_model") == "emb/topics");
}
