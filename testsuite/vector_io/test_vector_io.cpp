// The Python suite's vector_io/test_vector_io.py: stores through the OpenAI
// routes, chunks through /v1/vector-io/insert and /query, with its ids.
#include "testsuite/vector_io/vector_io_support.hpp"

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

LLAMA_STACK_TEST(test_vector_db_retrieve, "embedding-model", "embedding-dimension") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "test_vector_db");
  const auto store = client.vector_stores.retrieve(id);
  CHECK(text(store.at("id")) == id);
  CHECK(store.at("name") == "test_vector_db");
  CHECK(id.starts_with("vs_"));
}

LLAMA_STACK_TEST(test_vector_db_register, "embedding-model", "embedding-dimension") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "test_vector_db");
  CHECK(id.starts_with("vs_"));
  CHECK(id != "test_vector_db");
  const auto listed = client.vector_stores.list();
  const auto& stores = listed.at("data").as_array();
  REQUIRE(stores.size() == 1);
  CHECK(text(stores[0].at("id")) == id);
  CHECK(stores[0].at("name") == "test_vector_db");
  client.vector_stores.remove(id);
  CHECK(client.vector_stores.list().at("data").as_array().empty());
}

namespace {

// test_insert_chunks' cases: a query and the document it must find first.
const std::pair<const char*, const char*> kInsertCases[] = {
    {"What makes Python different from C++ and Java?", "doc1"},
    {"How do systems learn without explicit programming?", "doc2"},
    {"Why are data structures important in computer science?", "doc3"},
    {"What is the biological inspiration for neural networks?", "doc4"},
    {"How does machine learning improve over time?", "doc2"},
};

std::size_t case_index(const std::string& id) { return std::stoul(id.substr(std::string("test_case").size())); }

}  // namespace

LLAMA_STACK_TEST(test_insert_chunks, "embedding-model", "embedding-dimension",
                 parametrize("test_case", {"test_case0", "test_case1", "test_case2", "test_case3", "test_case4"})) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "test_vector_db");
  client.vector_io.insert({{"vector_db_id", id}, {"chunks", sample_chunks(false)}});
  auto response = client.vector_io.query({{"vector_db_id", id}, {"query", "What is the capital of France?"}});
  CHECK(response.at("chunks").as_array().size() > 1);
  CHECK(response.at("scores").as_array().size() > 1);
  const auto& [query, expected] = kInsertCases[case_index(t.parameter("test_case"))];
  response = client.vector_io.query({{"vector_db_id", id}, {"query", query}});
  REQUIRE(!response.at("chunks").as_array().empty());
  CHECK(response.at("chunks").as_array()[0].at("metadata").at("document_id") == expected);
}

namespace {

void insert_precomputed_and_query(TestContext& t, const char* name, json::object chunk, const char* query) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, name);
  chunk["embedding"] = json::array(static_cast<std::size_t>(t.embedding_dimension()), 0.1);
  client.vector_io.insert({{"vector_db_id", id}, {"chunks", json::array{chunk}}});
  // The Python test's provider params concern milvus and qdrant only.
  auto response = client.vector_io.query({{"vector_db_id", id}, {"query", query}});
  REQUIRE(!response.at("chunks").as_array().empty());
  const auto& top = response.at("chunks").as_array()[0].at("metadata");
  CHECK(top.at("document_id") == "doc1");
  CHECK(top.at("source") == "precomputed");
}

}  // namespace

LLAMA_STACK_TEST(test_insert_chunks_with_precomputed_embeddings, "embedding-model", "embedding-dimension") {
  insert_precomputed_and_query(
      t, "test_precomputed_embeddings_db",
      {{"content", "This is a test chunk with precomputed embedding."},
       {"metadata", {{"document_id", "doc1"}, {"source", "precomputed"}, {"chunk_id", "chunk1"}}}},
      "precomputed embedding test");
}

LLAMA_STACK_TEST(test_query_returns_valid_object_when_identical_to_embedding_in_vdb, "embedding-model",
                 "embedding-dimension") {
  insert_precomputed_and_query(t, "test_precomputed_embeddings_db",
                               {{"content", "duplicate"}, {"metadata", {{"document_id", "doc1"}, {"source", "precomputed"}}}},
                               "duplicate");
}

LLAMA_STACK_TEST(test_auto_extract_embedding_dimension, "embedding-model") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto store = client.vector_stores.create(
      {{"name", "test_auto_extract"}, {"extra_body", {{"embedding_model", t.embedding_model()}}}});
  CHECK(!store.at("id").as_string().empty());
}

LLAMA_STACK_TEST(test_provider_auto_selection_single_provider, "embedding-model") {
  const auto providers = vector_io_providers(t);
  if (providers.size() != 1)
    t.skip("Test requires exactly one vector_io provider, found " + std::to_string(providers.size()));
  auto& client = client_with_empty_stores(t);
  CHECK(!create_store(client, t, "test_auto_provider").empty());
}

LLAMA_STACK_TEST(test_provider_id_override, "embedding-model") {
  const auto providers = vector_io_providers(t);
  if (providers.size() != 1)
    t.skip("Test requires exactly one vector_io provider, found " + std::to_string(providers.size()));
  auto& client = client_with_empty_stores(t);
  const auto store = client.vector_stores.create(
      {{"name", "test_provider_override"},
       {"extra_body", {{"embedding_model", t.embedding_model()}, {"provider_id", providers[0].provider_id}}}});
  CHECK(text(store.at("metadata").at("provider_id")) == providers[0].provider_id);
}
