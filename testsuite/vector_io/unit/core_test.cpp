// The vector store core over each provider's index: search modes, filters,
// thresholds, max_num_results, persistence across a restart, ids, bad input.
#include "testsuite/vector_io/unit/core_fixture.hpp"

using namespace llama_stack;
using namespace llama_stack::vector;
using namespace llama_stack::vector::test;

TEST_CASE("vector search finds the chunk a query is about, with both indexes") {
  for (const char* index : {"sqlite-vec", "faiss"}) {
    CAPTURE(index);
    CoreFixture f(index);
    const auto store = f.create();
    f.insert_samples(store);
    CHECK(f.inference.calls == 1);  // the four chunks in one request
    CHECK(f.inference.last_model == "emb/topics");
    CHECK(top_document(f.search(store, {{"query", "neural nets"}})) == "doc4");
    const auto answer = f.search(store, {{"query", "python python"}, {"max_num_results", 2}});
    CHECK(top_document(answer) == "doc1");
    CHECK(answer.at("data").as_array().size() == 2);
    CHECK(answer.at("object") == "vector_store.search_results.page");
    CHECK(answer.at("search_query") == json::array{"python python"});
    const auto& top = answer.at("data").as_array()[0].as_object();
    CHECK(top.at("score").as_double() > 0);
    CHECK(top.at("content").as_array()[0].at("text").as_string().starts_with("Python is"));
  }
}

TEST_CASE("keyword search ranks by BM25 over the chunks' words; hybrid fuses both") {
  CoreFixture f;
  const auto store = f.create();
  f.insert_samples(store);
  const int calls = f.inference.calls;
  auto keyword = f.search(store, {{"query", "structures"}, {"search_mode", "keyword"}});
  CHECK(f.inference.calls == calls);  // no embedding for keyword search
  REQUIRE(keyword.at("data").as_array().size() == 1);
  CHECK(top_document(keyword) == "doc3");
  // Punctuation in a query is not FTS5 syntax.
  CHECK(f.search(store, {{"query", "\"data\" AND (NOT"}, {"search_mode", "keyword"}}).at("data").as_array().size() >= 1);
  // "experience" only matches doc2's words; "neural" only doc4's vector.
  auto hybrid = f.search(store, {{"query", "experience neural"}, {"search_mode", "hybrid"}, {"max_num_results", 4}});
  std::vector<std::string> docs;
  for (const auto& d : hybrid.at("data").as_array()) docs.emplace_back(d.at("attributes").at("document_id").as_string());
  CHECK(std::find(docs.begin(), docs.end(), "doc2") != docs.end());
  CHECK(std::find(docs.begin(), docs.end(), "doc4") != docs.end());
  auto weighted = f.search(store, {{"query", "neural"}, {"search_mode", "hybrid"},
                                    {"ranking_options", {{"ranker", "weighted"}, {"alpha", 1.0}}}});
  CHECK(top_document(weighted) == "doc4");
  CHECK_THROWS_WITH_AS(f.search(store, {{"query", "x"}, {"search_mode", "fuzzy"}}),
                       doctest::Contains("'search_mode'"), InvalidRequestError);
}

TEST_CASE("filters, score_threshold and max_num_results narrow the results") {
  CoreFixture f("faiss");
  const auto store = f.create();
  f.insert_samples(store);
  auto ai = f.search(store, {{"query", "python learn data neural"}, {"filters", {{"topic", "ai"}}}});
  REQUIRE(ai.at("data").as_array().size() == 2);
  for (const auto& d : ai.at("data").as_array()) CHECK(d.at("attributes").at("topic") == "ai");
  auto ranked = f.search(store, {{"query", "python"},
                                  {"filters", {{"type", "gte"}, {"key", "rank"}, {"value", 3}}}});
  for (const auto& d : ranked.at("data").as_array()) CHECK(d.at("attributes").at("rank").as_int64() >= 3);
  CHECK(ranked.at("data").as_array().size() == 2);
  auto all = f.search(store, {{"query", "python"}, {"max_num_results", 4}});
  REQUIRE(all.at("data").as_array().size() == 4);
  const double second = all.at("data").as_array()[1].at("score").as_double();
  auto high = f.search(store, {{"query", "python"}, {"ranking_options", {{"score_threshold", second + 1e-4}}}});
  REQUIRE(high.at("data").as_array().size() == 1);
  CHECK(top_document(high) == "doc1");
  CHECK_THROWS_WITH_AS(f.search(store, {{"query", "x"}, {"max_num_results", 0}}),
                       doctest::Contains("'max_num_results'"), InvalidRequestError);
}

TEST_CASE("insert / query: precomputed embeddings, chunk ids, replacement, scores") {
  CoreFixture f;
  const auto store = f.create();
  f.core->insert_chunks(
      RequestContext{},
      {{"vector_db_id", store},
       {"chunks", json::array{json::object{{"content", "precomputed"},
                                           {"metadata", {{"document_id", "doc1"}, {"chunk_id", "chunk1"}}},
                                           {"embedding", json::array{0.1, 0.1, 0.1, 0.1}}}}}});
  CHECK(f.inference.calls == 0);
  auto answer = f.core->query_chunks(RequestContext{}, {{"vector_db_id", store}, {"query", "anything"}});
  REQUIRE(answer.at("chunks").as_array().size() == 1);
  CHECK(answer.at("chunks").as_array()[0].at("chunk_id") == "chunk1");
  CHECK(answer.at("scores").as_array()[0].as_double() > 0);
  // The same chunk id again replaces the chunk.
  f.core->insert_chunks(
      RequestContext{},
      {{"vector_db_id", store},
       {"chunks", json::array{json::object{
                      {"content", "replaced"}, {"chunk_id", "chunk1"}, {"embedding", json::array{1, 0, 0, 0}}}}}});
  answer = f.core->query_chunks(RequestContext{},
                                {{"vector_db_id", store}, {"query", "python"}, {"params", {{"max_chunks", 5}}}});
  REQUIRE(answer.at("chunks").as_array().size() == 1);
  CHECK(answer.at("chunks").as_array()[0].at("content") == "replaced");
  CHECK(answer.at("scores").as_array()[0].as_double() == doctest::Approx(1.0));  // identical vector
  // A chunk without an id gets a minted one.
  f.core->insert_chunks(RequestContext{},
                        {{"vector_db_id", store}, {"chunks", json::array{json::object{{"content", "data"}}}}});
  answer = f.core->query_chunks(RequestContext{},
                                {{"vector_db_id", store}, {"query", "data"}, {"params", {{"max_chunks", 1}}}});
  CHECK(answer.at("chunks").as_array()[0].at("chunk_id").as_string().starts_with("chunk-"));
}

TEST_CASE("the embeddings a call needs are asked with that call's context") {
  CoreFixture f;
  const auto store = f.create();
  auto keyed = [](const char* key) { return RequestContext(json::object{{"openai_api_key", key}}); };
  f.core->insert_chunks(keyed("sk-insert"),
                        {{"vector_db_id", store}, {"chunks", json::array{json::object{{"content", "python"}}}}});
  CHECK(f.inference.last_provider_data == keyed("sk-insert").provider_data());
  f.core->search_vector_store(keyed("sk-search"), store, {{"query", "python"}});
  CHECK(f.inference.last_provider_data == keyed("sk-search").provider_data());
  f.core->query_chunks(keyed("sk-query"), {{"vector_db_id", store}, {"query", "python"}});
  CHECK(f.inference.last_provider_data == keyed("sk-query").provider_data());
  f.core->attach_file(keyed("sk-attach"), store, {"file-1", "a.txt", "text/plain", "python data", ""}, {});
  CHECK(f.inference.last_provider_data == keyed("sk-attach").provider_data());
  CHECK(f.inference.calls == 4);
}

TEST_CASE("a store, its chunks and its index survive a restart (both indexes)") {
  for (const char* index : {"sqlite-vec", "faiss"}) {
    CAPTURE(index);
    CoreFixture f(index);
    const auto store = f.create("kept");
    f.insert_samples(store);
    const auto before = f.search(store, {{"query", "neural data"}, {"max_num_results", 4}});
    f.core->update_vector_store(RequestContext{}, store, {{"metadata", {{"version", "2"}}}});
    f.reopen();
    const auto stores = f.core->list_vector_stores();
    REQUIRE(stores.size() == 1);
    CHECK(stores[0].at("name") == "kept");
    CHECK(stores[0].at("metadata").at("version") == "2");
    CHECK(stores[0].at("usage_bytes").as_int64() > 0);
    CHECK(f.search(store, {{"query", "neural data"}, {"max_num_results", 4}}) == before);
    // Deleting removes what was persisted.
    f.core->delete_vector_store(RequestContext{}, store);
    f.reopen();
    CHECK(f.core->list_vector_stores().empty());
  }
}

TEST_CASE("ids come from the minter: vs_ for stores") {
  CoreFixture f;
  CHECK(f.create() == "vs_000000000000000000000001");
  CHECK(f.create() == "vs_000000000000000000000002");
}

TEST_CASE("bad input: an unknown store names it; a dimension mismatch names both") {
  CoreFixture f;
  CHECK_THROWS_WITH_AS(f.core->retrieve_vector_store(RequestContext{}, "vs_missing"), doctest::Contains("'vs_missing'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(f.core->query_chunks(RequestContext{}, {{"vector_db_id", "vs_missing"}, {"query", "x"}}),
                       doctest::Contains("'vs_missing'"), NotFoundError);
  const auto store = f.create();
  const json::object wrong{{"vector_db_id", store},
                           {"chunks", json::array{json::object{{"content", "x"}, {"embedding", json::array{1, 2, 3}}}}}};
  CHECK_THROWS_WITH_AS(f.core->insert_chunks(RequestContext{}, wrong), doctest::Contains("dimension 3"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.core->insert_chunks(RequestContext{}, wrong), doctest::Contains("has dimension 4"),
                       InvalidRequestError);
  f.insert_samples(store);
  f.inference.dimension = 6;  // the model answers another dimension than the store's
  CHECK_THROWS_WITH_AS(f.core->query_chunks(RequestContext{}, {{"vector_db_id", store}, {"query", "x"}}),
                       doctest::Contains(("dimension 6 but vector store '" + store + "' has dimension 4").c_str()),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.core->insert_chunks(RequestContext{}, {{"vector_db_id", store}, {"chunks", json::array{1}}}),
                       doctest::Contains("chunks[0]"), InvalidRequestError);
}
