// The newer config format's vector_stores section: read into the router's
// defaults (default_provider_id, default_embedding_model), checked against
// the config's providers at stack build, and the provider a create without
// provider_id gets: the newer Python rule with the section, the first
// provider without it.
#include "stack/config/run_config.hpp"
#include "stack/apis/vector_io/vector_io_router.hpp"
#include "stack/apis/vector_io/vector_stores_config.hpp"
#include "stack/core/config_sections.hpp"
#include "testsuite/vector_io/unit/core_fixture.hpp"

using namespace llama_stack;
using namespace llama_stack::vector::test;

namespace {

RunConfig config_with(json::value vector_stores) {
  RunConfig c;
  c.source = "/conf/config.yaml";
  c.providers = {{"inference", "emb", "remote::ollama", {}},
                 {"vector_io", "faiss", "inline::faiss", {}},
                 {"vector_io", "sqlite-vec", "inline::sqlite-vec", {}}};
  if (!vector_stores.is_null()) c.extra["vector_stores"] = std::move(vector_stores);
  return c;
}

VectorStoresDefaults read(const char* yaml_as_json) { return vector_stores_defaults(config_sections(config_with(json::parse(yaml_as_json)))); }

// Two providers (two cores) behind one router, with `defaults`.
struct TwoProviders {
  CoreFixture faiss{"faiss"};
  CoreFixture sqlite_vec{"sqlite-vec"};
  ModelTable models;
  ResourceTable resources;
  CountingIds stack_ids;
  VectorIoRouter router{RouterServices{models, resources, stack_ids}};
  explicit TwoProviders(VectorStoresDefaults defaults) {
    models.register_model({"emb/topics", "emb", "topics", "embedding", {{"embedding_dimension", kDimension}}, false});
    models.register_model({"emb/other", "emb", "other", "embedding", {{"embedding_dimension", kDimension}}, false});
    router.add_provider("faiss", *faiss.core);
    router.add_provider("sqlite-vec", *sqlite_vec.core);
    router.set_defaults(std::move(defaults));
  }
  // The provider the router registered the store under.
  std::string provider_of(const json::object& store) const {
    return resources.get(kVectorStoreKind, std::string(store.at("id").as_string())).provider_id;
  }
};

}  // namespace

TEST_CASE("vector_stores: the starter's section is read; the reranker and templates are not") {
  const auto d = read(R"({"default_provider_id": "faiss",
    "default_embedding_model": {"provider_id": "emb", "model_id": "nomic-ai/nomic-embed-text-v1.5"},
    "default_reranker_model": {"provider_id": "transformers", "model_id": "Qwen/Qwen3-Reranker-0.6B"},
    "file_search_params": {"header_template": "x"}})");
  CHECK(d.configured);
  CHECK(d.default_provider_id == "faiss");
  CHECK(d.default_embedding_model == "emb/nomic-ai/nomic-embed-text-v1.5");
  const auto none = vector_stores_defaults(config_sections(config_with(nullptr)));
  CHECK_FALSE(none.configured);
  CHECK(none.default_provider_id.empty());
}

TEST_CASE("vector_stores: an unknown provider or a bad shape is a config error naming the key") {
  auto fails = [](const char* section, const char* message) {
    CHECK_THROWS_WITH_AS(read(section), doctest::Contains(message), ConfigError);
  };
  fails(R"({"default_provider_id": "milvus"})",
        "/conf/config.yaml: vector_stores.default_provider_id: provider 'milvus' is not one of this config's "
        "vector_io providers (faiss, sqlite-vec)");
  fails(R"({"default_provider_id": "emb"})", "vector_stores.default_provider_id: provider 'emb' is not one of this config's vector_io");
  fails(R"({"default_embedding_model": {"provider_id": "sentence-transformers", "model_id": "m"}})",
        "vector_stores.default_embedding_model.provider_id: provider 'sentence-transformers' is not one of this "
        "config's inference providers (emb)");
  fails(R"({"default_embedding_model": {"provider_id": "emb"}})",
        "vector_stores.default_embedding_model.model_id: is required");
  fails(R"({"default_embedding_model": "emb/m"})", "vector_stores.default_embedding_model: must be a mapping");
  fails(R"({"default_provider_id": 3})", "vector_stores.default_provider_id: must be a string");
  CHECK_THROWS_WITH_AS(vector_stores_defaults(config_sections(config_with(json::array{}))),
                       "/conf/config.yaml: vector_stores: must be a mapping", ConfigError);
}

TEST_CASE("vector_stores: a create without provider_id or embedding_model takes the defaults") {
  TwoProviders f(read(R"({"default_provider_id": "sqlite-vec",
    "default_embedding_model": {"provider_id": "emb", "model_id": "other"}})"));
  const auto store = f.router.create_vector_store(RequestContext{}, {{"name", "n"}});
  CHECK(f.provider_of(store) == "sqlite-vec");
  CHECK(store.at("embedding_model") == "emb/other");
  // What the caller names wins.
  const auto named = f.router.create_vector_store(
      RequestContext{}, {{"extra_body", {{"provider_id", "faiss"}, {"embedding_model", "emb/topics"}}}});
  CHECK(f.provider_of(named) == "faiss");
  CHECK(named.at("embedding_model") == "emb/topics");
}

TEST_CASE("vector_stores: several providers and no default is Python's 400 naming them") {
  TwoProviders f(read(R"({"default_embedding_model": {"provider_id": "emb", "model_id": "topics"}})"));
  CHECK_THROWS_WITH_AS(f.router.create_vector_store(RequestContext{}, {{"name", "n"}}),
                       "Multiple vector_io providers available. Please specify provider_id in extra_body. "
                       "Available providers: ['faiss', 'sqlite-vec']",
                       InvalidRequestError);
  CHECK(f.provider_of(f.router.create_vector_store(RequestContext{}, {{"provider_id", "sqlite-vec"}})) == "sqlite-vec");
}

TEST_CASE("vector_stores: a default that does not run is named with the running ones") {
  VectorStoresDefaults d;
  d.configured = true;
  d.default_provider_id = "milvus";  // configured, but its plugin did not start
  TwoProviders f(d);
  CHECK_THROWS_WITH_AS(f.router.create_vector_store(RequestContext{}, {{"embedding_model", "emb/topics"}}),
                       "Configured default vector store provider 'milvus' not found. Available providers: "
                       "['faiss', 'sqlite-vec']",
                       InvalidRequestError);
}

TEST_CASE("vector_stores: without the section the first provider serves, as at 007efa6eb") {
  TwoProviders f(VectorStoresDefaults{});
  CHECK(f.provider_of(f.router.create_vector_store(RequestContext{}, {{"embedding_model", "emb/topics"}})) == "faiss");
}
