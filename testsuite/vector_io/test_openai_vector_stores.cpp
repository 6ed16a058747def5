// The Python suite's vector_io/test_openai_vector_stores.py, the tests that
// need no files attached to a store, with its ids. Python runs the compat
// tests with two clients (its own and the OpenAI one); both map onto one id
// and one in-process client here.
#include "testsuite/vector_io/vector_io_support.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <optional>
#include <set>
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

// The tests that attach files. Attaching is synchronous here: a file's
// status is "completed" (or "failed") when the call answers, so the Python
// tests' polling loops end at their first look.
namespace {

constexpr std::int64_t kDay = 86400;

std::string upload(LlamaStackClient& client, const std::string& name, const std::string& text,
                   std::optional<std::int64_t> expires = kDay) {
  return client.files.upload(name, text, "assistants", expires, "text/plain").id;
}

std::vector<std::string> upload_test_files(LlamaStackClient& client, const char* stem, const char* name_stem) {
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i)
    ids.push_back(upload(client, std::string(name_stem) + std::to_string(i) + ".txt",
                         std::string(stem) + std::to_string(i)));
  return ids;
}

std::set<std::string> ids_of(const json::value& list) {
  std::set<std::string> out;
  for (const auto& f : list.at("data").as_array()) out.emplace(f.at("id").as_string());
  return out;
}

void check_counts(const json::value& store, int completed, int total, int failed = 0) {
  const auto& c = store.at("file_counts");
  CHECK(c.at("completed") == completed);
  CHECK(c.at("total") == total);
  CHECK(c.at("cancelled") == 0);
  CHECK(c.at("failed") == failed);
  CHECK(c.at("in_progress") == 0);
}

json::object with_model(TestContext& t, json::object params = {}) {
  params["extra_body"] = {{"embedding_model", t.embedding_model()}};
  return params;
}

}  // namespace

VECTOR_STORE_TEST(test_openai_vector_store_attach_file) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  const auto file = upload(client, "openai_test.txt", "The secret string is foobazbar.");
  const auto attached = client.vector_stores.files.create(store, {{"file_id", file}});
  CHECK(attached.at("object") == "vector_store.file");
  CHECK(text(attached.at("id")) == file);
  CHECK(text(attached.at("vector_store_id")) == store);
  CHECK(attached.at("status") == "completed");
  CHECK(attached.at("chunking_strategy").at("type") == "auto");
  CHECK(attached.at("created_at").as_int64() > 0);
  CHECK(attached.at("last_error").is_null());
  check_counts(client.vector_stores.retrieve(store), 1, 1);
  const auto found = client.vector_stores.search(store, {{"query", "What is the secret string?"}, {"max_num_results", 1}});
  REQUIRE(!found.at("data").as_array().empty());
  CHECK(normalized_text(found.at("data").as_array()[0].at("content").as_array()[0].at("text").as_string())
            .find("foobazbar") != std::string::npos);
}

VECTOR_STORE_TEST(test_openai_vector_store_attach_files_on_creation) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  auto file_ids = upload_test_files(client, "This is a test file ", "openai_test_");
  const std::vector<std::string> valid = file_ids;
  file_ids.push_back("invalid_file_id");  // its attachment fails
  json::array ids;
  for (const auto& id : file_ids) ids.emplace_back(id);
  const auto store = client.vector_stores.create(with_model(t, {{"name", "test_store"}, {"file_ids", ids}}));
  check_counts(store, 3, 4, 1);
  const std::string id(store.at("id").as_string());
  const auto listed = client.vector_stores.files.list(id);
  CHECK(listed.at("data").as_array().size() == 4);
  CHECK(ids_of(listed) == std::set<std::string>(file_ids.begin(), file_ids.end()));
  for (const auto& f : listed.at("data").as_array())
    CHECK(f.at("status") == (f.at("id") == "invalid_file_id" ? "failed" : "completed"));
  const auto failed = client.vector_stores.files.list(id, {{"filter", "failed"}});
  REQUIRE(failed.at("data").as_array().size() == 1);
  CHECK(failed.at("data").as_array()[0].at("id") == "invalid_file_id");
  CHECK(client.vector_stores.files.remove(id, "invalid_file_id").at("id") == "invalid_file_id");
  check_counts(client.vector_stores.retrieve(id), 3, 3);
}

VECTOR_STORE_TEST(test_openai_vector_store_list_files) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  std::vector<std::string> file_ids;
  for (int i = 0; i < 3; ++i) {
    const auto file = upload(client, "openai_test_" + std::to_string(i) + ".txt", "This is a test file " + std::to_string(i));
    REQUIRE(client.vector_stores.files.create(store, {{"file_id", file}}).at("status") == "completed");
    file_ids.push_back(file);
  }
  const auto listed = client.vector_stores.files.list(store);
  CHECK(listed.at("object") == "list");
  CHECK(listed.at("has_more") == false);
  REQUIRE(listed.at("data").as_array().size() == 3);
  CHECK(ids_of(listed) == std::set<std::string>(file_ids.begin(), file_ids.end()));
  const auto& first = listed.at("data").as_array()[0];
  CHECK(first.at("object") == "vector_store.file");
  CHECK(text(first.at("vector_store_id")) == store);
  CHECK(first.at("status") == "completed");
  CHECK(first.at("chunking_strategy").at("type") == "auto");
  CHECK(first.at("created_at").as_int64() > 0);
  CHECK(listed.at("first_id") == first.at("id"));
  CHECK(first.at("last_error").is_null());
  const auto page = client.vector_stores.files.list(store, {{"limit", "2"}});
  CHECK(page.at("has_more") == true);
  REQUIRE(page.at("data").as_array().size() == 2);
  CHECK(page.at("first_id") == page.at("data").as_array()[0].at("id"));
  // Python asserts last_id != data[-1].id, what its page answered; OpenAI's
  // last_id is the page's last, as here.
  CHECK(page.at("last_id") == page.at("data").as_array()[1].at("id"));
  const auto next = client.vector_stores.files.list(store, {{"limit", "2"}, {"after", text(page.at("last_id"))}});
  CHECK(next.at("has_more") == false);
  CHECK(next.at("data").as_array().size() == 1);
  check_counts(client.vector_stores.retrieve(store), 3, 3);
}

VECTOR_STORE_TEST(test_openai_vector_store_list_files_invalid_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  CHECK_THROWS_WITH_AS(client.vector_stores.files.list("abc123"), doctest::Contains("'abc123'"), NotFoundError);
}

VECTOR_STORE_TEST(test_openai_vector_store_retrieve_file_contents) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  const auto file = upload(client, "openai_test.txt", "This is a test file");
  const json::object attributes{{"foo", "bar"}};
  REQUIRE(client.vector_stores.files.create(store, with_model(t, {{"file_id", file}, {"attributes", attributes}}))
              .at("status") == "completed");
  const auto contents = client.vector_stores.files.content(store, file);
  REQUIRE(contents.at("content").as_array().size() == 1);
  CHECK(contents.at("content").as_array()[0].at("type") == "text");
  CHECK(contents.at("content").as_array()[0].at("text") == "This is a test file");
  CHECK(contents.at("filename") == "openai_test.txt");
  CHECK(contents.at("attributes") == attributes);
}

VECTOR_STORE_TEST(test_openai_vector_store_delete_file) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  const auto file_ids = upload_test_files(client, "This is a test file ", "openai_test_");
  for (const auto& f : file_ids) client.vector_stores.files.create(store, {{"file_id", f}});
  CHECK(client.vector_stores.files.list(store).at("data").as_array().size() == 3);
  const auto deleted = client.vector_stores.files.remove(store, file_ids[0]);
  CHECK(text(deleted.at("id")) == file_ids[0]);
  CHECK(deleted.at("deleted") == true);
  CHECK(deleted.at("object") == "vector_store.file.deleted");
  check_counts(client.vector_stores.retrieve(store), 2, 2);
  CHECK(text(client.vector_stores.files.remove(store, file_ids[1]).at("id")) == file_ids[1]);
  check_counts(client.vector_stores.retrieve(store), 1, 1);
}

VECTOR_STORE_TEST(test_openai_vector_store_delete_file_removes_from_vector_store) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  const auto file = upload(client, "openai_test.txt", "The secret string is foobazbar.");
  REQUIRE(client.vector_stores.files.create(store, {{"file_id", file}}).at("status") == "completed");
  const json::object query{{"query", "What is the secret string?"}, {"max_num_results", 1}};
  const auto found = client.vector_stores.search(store, query);
  REQUIRE(!found.at("data").as_array().empty());
  CHECK(normalized_text(found.at("data").as_array()[0].at("content").as_array()[0].at("text").as_string())
            .find("foobazbar") != std::string::npos);
  client.vector_stores.files.remove(store, file);
  CHECK(client.vector_stores.search(store, query).at("data").as_array().empty());
}

VECTOR_STORE_TEST(test_openai_vector_store_update_file) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "test_store");
  const auto file = upload(client, "openai_test.txt", "This is a test file");
  const auto attached = client.vector_stores.files.create(store, {{"file_id", file}, {"attributes", {{"foo", "bar"}}}});
  CHECK(attached.at("status") == "completed");
  CHECK(attached.at("attributes").at("foo") == "bar");
  const auto updated = client.vector_stores.files.update(store, file, {{"attributes", {{"foo", "baz"}}}});
  CHECK(updated.at("status") == "completed");
  CHECK(updated.at("attributes").at("foo") == "baz");
  CHECK(client.vector_stores.files.retrieve(store, file).at("attributes").at("foo") == "baz");
}

VECTOR_STORE_TEST(test_create_vector_store_files_duplicate_vector_store_name) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto file_ids = upload_test_files(client, "This is a test file ", "openai_test_");
  const auto first = client.vector_stores.create(with_model(t, {{"name", "test_store_with_files"}}));
  check_counts(first, 0, 0);
  const auto second = client.vector_stores.create(with_model(t, {{"name", "test_store_with_files"}}));
  CHECK(client.vector_stores.list().at("data").as_array().size() == 2);
  const std::string id(first.at("id").as_string());
  CHECK(client.vector_stores.files.create(id, with_model(t, {{"file_id", file_ids[0]}})).at("status") == "completed");
  client.vector_stores.remove(text(second.at("id")));
  CHECK(client.vector_stores.files.create(id, with_model(t, {{"file_id", file_ids[1]}})).at("status") == "completed");
  CHECK(client.vector_stores.list().at("data").as_array().size() == 1);
}

namespace {

std::string batch_store_with_files(TestContext& t, const char* store_name,
                                   const std::vector<std::pair<std::string, std::string>>& files,
                                   std::vector<std::string>& file_ids, json::object& batch) {
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, store_name);
  json::array ids;
  for (const auto& [name, content] : files) {
    file_ids.push_back(upload(client, name, content, std::nullopt));
    ids.emplace_back(file_ids.back());
  }
  batch = client.vector_stores.file_batches.create(store, with_model(t, {{"file_ids", ids}}));
  return store;
}

std::vector<std::pair<std::string, std::string>> numbered(const char* name, const char* content) {
  return {{std::string(name) + "0.txt", std::string(content) + "0"}, {std::string(name) + "1.txt", std::string(content) + "1"}};
}

}  // namespace

VECTOR_STORE_TEST(test_openai_vector_store_file_batch_create_and_retrieve) {
  require_vector_io(t);
  std::vector<std::string> file_ids;
  json::object batch;
  const auto store = batch_store_with_files(t, "batch_test_store", numbered("batch_test_", "This is batch test file "),
                                            file_ids, batch);
  CHECK(batch.at("object") == "vector_store.file_batch");
  CHECK(text(batch.at("vector_store_id")) == store);
  CHECK(batch.at("status") == "completed");
  CHECK(batch.at("file_counts").at("total") == 2);
  CHECK(batch.contains("created_at"));
  const auto retrieved = t.client().vector_stores.file_batches.retrieve(store, text(batch.at("id")));
  CHECK(retrieved.at("id") == batch.at("id"));
  CHECK(text(retrieved.at("vector_store_id")) == store);
  CHECK(retrieved.at("object") == "vector_store.file_batch");
  CHECK(retrieved.at("file_counts").at("total") == 2);
  CHECK(retrieved.at("status") == "completed");
}

VECTOR_STORE_TEST(test_openai_vector_store_file_batch_list_files) {
  require_vector_io(t);
  std::vector<std::string> file_ids;
  json::object batch;
  const auto store = batch_store_with_files(t, "batch_list_test_store",
                                            numbered("batch_list_test_", "This is batch list test file "), file_ids, batch);
  auto& batches = t.client().vector_stores.file_batches;
  const std::string id(batch.at("id").as_string());
  const auto listed = batches.list_files(store, id);
  CHECK(listed.at("object") == "list");
  CHECK(ids_of(listed) == std::set<std::string>(file_ids.begin(), file_ids.end()));
  const auto limited = batches.list_files(store, id, {{"limit", "3"}});
  CHECK(limited.at("data").as_array().size() == 2);
  CHECK(limited.at("has_more") == false);
  const auto first = batches.list_files(store, id, {{"limit", "2"}});
  REQUIRE(first.at("data").as_array().size() == 2);
  const auto second = batches.list_files(store, id, {{"limit", "2"}, {"after", text(first.at("data").as_array()[1].at("id"))}});
  CHECK(second.at("data").as_array().size() <= 3);
  for (const auto& f : ids_of(second)) CHECK(ids_of(first).count(f) == 0);
}

VECTOR_STORE_TEST(test_openai_vector_store_file_batch_cancel) {
  require_vector_io(t);
  std::vector<std::string> file_ids;
  json::object batch;
  const auto store = batch_store_with_files(
      t, "batch_cancel_test_store",
      {{"batch_cancel_test_0.txt", "This is batch cancel test file 0 with substantial content"},
       {"batch_cancel_test_1.txt", "This is batch cancel test file 1 with substantial content"}},
      file_ids, batch);
  // Python's tolerated branch: the batch finished before the cancel came, so
  // cancelling is refused and the batch stays completed.
  const std::string id(batch.at("id").as_string());
  CHECK_THROWS_WITH_AS(t.client().vector_stores.file_batches.cancel(store, id), doctest::Contains("'completed'"),
                       InvalidRequestError);
  CHECK(t.client().vector_stores.file_batches.retrieve(store, id).at("status") == "completed");
}

VECTOR_STORE_TEST(test_openai_vector_store_file_batch_retrieve_contents) {
  require_vector_io(t);
  const std::vector<std::pair<std::string, std::string>> files = {
      {"test_file_1.txt", "This is the content of test file 1"}, {"test_file_2.txt", "This is the content of test file 2"}};
  std::vector<std::string> file_ids;
  json::object batch;
  const auto store = batch_store_with_files(t, "batch_contents_test_store", files, file_ids, batch);
  CHECK(t.client().vector_stores.file_batches.retrieve(store, text(batch.at("id"))).at("status") == "completed");
  for (std::size_t i = 0; i < file_ids.size(); ++i) {
    const auto contents = t.client().vector_stores.files.content(store, file_ids[i]);
    CHECK(text(contents.at("filename")) == files[i].first);
    REQUIRE(!contents.at("content").as_array().empty());
    CHECK(text(contents.at("content").as_array()[0].at("text")).find(files[i].second) != std::string::npos);
  }
}

VECTOR_STORE_TEST(test_openai_vector_store_file_batch_error_handling) {
  require_vector_io(t);
  auto& client = client_with_empty_stores_and_files(t);
  const auto store = create_store(client, t, "batch_error_test_store");
  const auto batch = client.vector_stores.file_batches.create(
      store, with_model(t, {{"file_ids", json::array{"invalid_file_id_1", "invalid_file_id_2"}}}));
  CHECK(batch.at("file_counts").at("total") == 2);
  CHECK(batch.at("file_counts").at("failed") == 2);
  // Python answers 400 for an unknown batch; we answer 404 naming it, as for
  // every unknown resource (and as OpenAI does).
  CHECK_THROWS_WITH_AS(client.vector_stores.file_batches.retrieve(store, "non_existent_batch_id"),
                       doctest::Contains("'non_existent_batch_id'"), NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_stores.file_batches.create("non_existent_vector_store",
                                                                {{"file_ids", json::array{"any_file_id"}}}),
                       doctest::Contains("'non_existent_vector_store'"), NotFoundError);
}
