// The Python suite's vector_io/test_openai_vector_stores.py, the tests that
// need no files attached to a store, with its ids. Python runs the compat
// tests with two clients (its own and the OpenAI one); both map onto one id
// and one in-process client here.
#include "testsuite/vector_io/vector_io_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

#define VECTOR_STORE_TEST(NAME, ...) LLAMA_STACK_TEST(NAME, "embedding-model", "embedding-dimension" __VA_OPT__(,) __VA_ARGS__)

VECTOR_STORE_TEST(test_openai_create_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto store = client.vector_stores.create(
      {{"name", "Vs_test_vector_store"},
       {"metadata", {{"purpose", "testing"}, {"environment", "integration"}}},
       {"extra_body", {{"embedding_model", t.embedding_model()}}}});
  CHECK(store.at("name") == "Vs_test_vector_store");
  CHECK(store.at("object") == "vector_store");
  CHECK((store.at("status") == "completed" || store.at("status") == "in_progress"));
  CHECK(store.at("metadata").at("purpose") == "testing");
  CHECK(store.at("metadata").at("environment") == "integration");
  CHECK(store.contains("id"));
  CHECK(store.contains("created_at"));
}

VECTOR_STORE_TEST(test_openai_list_vector_stores) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto first = create_store(client, t, "store1", {{"type", "test"}});
  const auto second = create_store(client, t, "store2", {{"type", "test"}});
  const auto listed = client.vector_stores.list();
  std::vector<std::string> ids;
  for (const auto& s : listed.at("data").as_array()) ids.emplace_back(s.at("id").as_string());
  CHECK(ids.size() >= 2);
  CHECK(std::find(ids.begin(), ids.end(), first) != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), second) != ids.end());
  CHECK(client.vector_stores.list({{"limit", "1"}}).at("data").as_array().size() == 1);
}

VECTOR_STORE_TEST(test_openai_retrieve_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "retrieve_test_store", {{"purpose", "retrieval_test"}});
  const auto store = client.vector_stores.retrieve(id);
  CHECK(text(store.at("id")) == id);
  CHECK(store.at("name") == "retrieve_test_store");
  CHECK(store.at("metadata").at("purpose") == "retrieval_test");
  CHECK(store.at("object") == "vector_store");
}

VECTOR_STORE_TEST(test_openai_update_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto created = client.vector_stores.create({{"name", "original_name"},
                                                    {"metadata", {{"version", "1.0"}}},
                                                    {"extra_body", {{"embedding_model", t.embedding_model()}}}});
  const std::string id(created.at("id").as_string());
  std::this_thread::sleep_for(std::chrono::seconds(1));  // last_active_at has seconds
  const auto modified = client.vector_stores.update(
      id, {{"name", "modified_name"}, {"metadata", {{"version", "1.1"}, {"updated", "true"}}}});
  CHECK(text(modified.at("id")) == id);
  CHECK(modified.at("name") == "modified_name");
  CHECK(modified.at("metadata").at("version") == "1.1");
  CHECK(modified.at("metadata").at("updated") == "true");
  CHECK(modified.at("last_active_at").as_int64() > created.at("last_active_at").as_int64());
}

VECTOR_STORE_TEST(test_openai_delete_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "delete_test_store", {{"purpose", "deletion_test"}});
  const auto deleted = client.vector_stores.remove(id);
  CHECK(text(deleted.at("id")) == id);
  CHECK(deleted.at("deleted") == true);
  CHECK(deleted.at("object") == "vector_store.deleted");
  CHECK_THROWS_WITH_AS(client.vector_stores.retrieve(id), doctest::Contains(("'" + id + "'").c_str()), NotFoundError);
}

VECTOR_STORE_TEST(test_openai_vector_store_search_empty) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "search_test_store", {{"purpose", "search_testing"}});
  const auto found = client.vector_stores.search(id, {{"query", "test query"}, {"max_num_results", 5}});
  CHECK(found.at("data").as_array().empty());
  // The OpenAI client reads search_query back as the string it sent.
  CHECK(found.at("search_query") == json::array{"test query"});
  CHECK(found.at("has_more") == false);
}

namespace {

std::string store_with_samples(TestContext& t, const std::string& name, const char* purpose) {
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, name, {{"purpose", purpose}});
  client.vector_io.insert({{"vector_db_id", id}, {"chunks", sample_chunks(true)}});
  return id;
}

bool about_python(const json::value& result) {
  const std::string text = normalized_text(result.at("content").as_array()[0].at("text").as_string());
  return text.find("python") != std::string::npos || text.find("programming") != std::string::npos;
}

}  // namespace

VECTOR_STORE_TEST(test_openai_vector_store_with_chunks) {
  require_vector_io(t);
  auto& client = t.client();
  const auto id = store_with_samples(t, "chunks_test_store", "chunks_testing");
  const auto found = client.vector_stores.search(id, {{"query", "What is Python programming language?"}, {"max_num_results", 3}});
  REQUIRE(!found.at("data").as_array().empty());
  const auto& top = found.at("data").as_array()[0];
  CHECK(about_python(top));
  CHECK(attribute(top, "document_id") == "doc1");
  const auto filtered = client.vector_stores.search(
      id, {{"query", "artificial intelligence"}, {"filters", {{"topic", "ai"}}}, {"max_num_results", 5}});
  for (const auto& r : filtered.at("data").as_array()) CHECK(attribute(r, "topic") == "ai");
}

namespace {

struct RelevanceCase {
  const char* query;
  const char* document;
  const char* topic;
};
const RelevanceCase kRelevanceCases[] = {
    {"What makes Python different from other languages?", "doc1", "programming"},
    {"How do systems learn automatically?", "doc2", "ai"},
    {"Why are data structures important?", "doc3", "computer_science"},
    {"What inspires neural networks?", "doc4", "ai"},
};

}  // namespace

VECTOR_STORE_TEST(test_openai_vector_store_search_relevance,
                  parametrize("test_case", {"test_case0", "test_case1", "test_case2", "test_case3"})) {
  require_vector_io(t);
  const auto& c = kRelevanceCases[std::stoul(t.parameter("test_case").substr(9))];
  const auto id = store_with_samples(t, std::string("relevance_test_") + c.document, "relevance_testing");
  const auto found = t.client().vector_stores.search(id, {{"query", c.query}, {"max_num_results", 4}});
  REQUIRE(!found.at("data").as_array().empty());
  const auto& top = found.at("data").as_array()[0];
  CHECK(attribute(top, "document_id") == c.document);
  CHECK(attribute(top, "topic") == c.topic);
  CHECK(top.at("score").as_double() > 0);
}

VECTOR_STORE_TEST(test_openai_vector_store_search_with_ranking_options) {
  require_vector_io(t);
  auto& client = t.client();
  const auto id = store_with_samples(t, "ranking_test_store", "ranking_testing");
  const json::object query{{"query", "machine learning and artificial intelligence"}, {"max_num_results", 3}};
  const auto initial = client.vector_stores.search(id, query);
  double threshold = 0.01;
  if (!initial.at("data").as_array().empty()) {
    threshold = 1e9;
    for (const auto& r : initial.at("data").as_array()) threshold = std::min(threshold, r.at("score").as_double());
    threshold *= 0.9;
  }
  json::object ranked = query;
  ranked["ranking_options"] = {{"score_threshold", threshold}};
  const auto found = client.vector_stores.search(id, ranked);
  REQUIRE(!found.at("data").as_array().empty());
  for (const auto& r : found.at("data").as_array()) CHECK(r.at("score").as_double() >= threshold);
}

VECTOR_STORE_TEST(test_openai_vector_store_search_with_high_score_filter) {
  require_vector_io(t);
  auto& client = t.client();
  const auto id = store_with_samples(t, "high_score_filter_test", "high_score_filtering");
  const char* query = "Python is a high-level programming language with code readability and fewer lines than C++ or Java";
  const auto first = client.vector_stores.search(id, {{"query", query}, {"max_num_results", 3}});
  REQUIRE(first.at("data").as_array().size() > 1);
  const double threshold = first.at("data").as_array()[1].at("score").as_double() + 0.0001;
  const auto found = client.vector_stores.search(
      id, {{"query", query}, {"max_num_results", 10}, {"ranking_options", {{"score_threshold", threshold}}}});
  REQUIRE(found.at("data").as_array().size() == 1);
  const auto& top = found.at("data").as_array()[0];
  CHECK(attribute(top, "document_id") == "doc1");
  CHECK(attribute(top, "topic") == "programming");
  CHECK(top.at("score").as_double() >= threshold);
  CHECK(about_python(top));
}

VECTOR_STORE_TEST(test_openai_vector_store_search_with_max_num_results) {
  require_vector_io(t);
  const auto id = store_with_samples(t, "max_num_results_test_store", "max_num_results_testing");
  const auto found = t.client().vector_stores.search(
      id, {{"query", "machine learning and artificial intelligence"}, {"max_num_results", 2}});
  CHECK(found.at("data").as_array().size() == 2);
}

VECTOR_STORE_TEST(test_openai_vector_store_search_modes, parametrize("search_mode", {"vector", "keyword", "hybrid"})) {
  require_vector_io(t);
  const std::string mode = t.parameter("search_mode");
  // Python's skip_if_provider_doesnt_support_openai_vector_stores_search:
  // keyword and hybrid search are sqlite-vec's there; ours are the shared
  // core's, so every provider of ours supports all three.
  auto& client = t.client();
  const auto id = store_with_samples(t, "search_mode_test_" + mode, "search_mode_testing");
  const auto found = client.vector_stores.search(
      id, {{"query", "Python programming language"}, {"max_num_results", 4}, {"search_mode", mode}});
  CHECK(found.at("object") == "vector_store.search_results.page");
  REQUIRE(!found.at("data").as_array().empty());
  CHECK(attribute(found.at("data").as_array()[0], "document_id") == "doc1");
}
