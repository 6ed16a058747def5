// Bad input to the vector_io routes, in process and through a server alike
// (the runner's server mode): the typed errors the statuses map back to
// (404 NotFoundError, 400 InvalidRequestError), each naming what was wrong.
// Not in the Python suite; no model is called, so nothing is recorded.
#include "testsuite/vector_io/vector_io_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

LLAMA_STACK_TEST(test_unknown_vector_store_is_not_found, "embedding-model") {
  require_vector_io(t);
  auto& client = t.client();
  CHECK_THROWS_WITH_AS(client.vector_stores.retrieve("vs_missing"), doctest::Contains("'vs_missing'"), NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_stores.search("vs_missing", {{"query", "x"}}), doctest::Contains("'vs_missing'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_io.query({{"vector_db_id", "vs_missing"}, {"query", "x"}}),
                       doctest::Contains("'vs_missing'"), NotFoundError);
}

LLAMA_STACK_TEST(test_vector_store_dimension_mismatch, "embedding-model", "embedding-dimension") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const std::string dimension = std::to_string(t.embedding_dimension());
  // A dimension other than the model's.
  CHECK_THROWS_WITH_AS(client.vector_stores.create({{"embedding_model", t.embedding_model()}, {"embedding_dimension", 7}}),
                       doctest::Contains(("is 7 but model '" + t.embedding_model() + "' has dimension " + dimension).c_str()),
                       InvalidRequestError);
  // A precomputed embedding of another size than the store's.
  const auto id = create_store(client, t, "dimension_mismatch");
  CHECK_THROWS_WITH_AS(
      client.vector_io.insert({{"vector_db_id", id},
                               {"chunks", json::array{json::object{{"content", "x"}, {"embedding", json::array{0.1, 0.2, 0.3}}}}}}),
      doctest::Contains(("has dimension 3 but vector store '" + id + "' has dimension " + dimension).c_str()),
      InvalidRequestError);
}

LLAMA_STACK_TEST(test_vector_store_bad_search_parameters, "embedding-model") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "bad_parameters");
  CHECK_THROWS_WITH_AS(client.vector_stores.search(id, {{"query", "x"}, {"search_mode", "fuzzy"}}),
                       doctest::Contains("'search_mode'"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.vector_stores.search(id, {{"query", "x"}, {"filters", {{"type", "like"}, {"key", "a"}, {"value", 1}}}}),
                       doctest::Contains("'filters.type'"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.vector_stores.list({{"order", "sideways"}}), doctest::Contains("'order'"), InvalidRequestError);
}

// Without a files provider vector_io still runs; attaching says what is missing.
LLAMA_STACK_TEST(test_attach_file_without_files_api, "embedding-model") {
  require_vector_io(t);
  for (const auto& p : t.client().providers.list())
    if (p.api == "files" && p.running) t.skip("a files provider runs: attaching works");
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "no_files_api");
  CHECK_THROWS_WITH_AS(client.vector_stores.files.create(id, {{"file_id", "file-1"}}),
                       doctest::Contains("attaching files needs the files API"), NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_stores.create({{"extra_body", {{"embedding_model", t.embedding_model()}}},
                                                    {"file_ids", json::array{"file-1"}}}),
                       doctest::Contains("attaching files needs the files API"), NotFoundError);
  // Nothing was created by the refused call.
  CHECK(client.vector_stores.list().at("data").as_array().size() == 1);
  CHECK(client.vector_stores.files.list(id).at("data").as_array().empty());
}

LLAMA_STACK_TEST(test_vector_store_file_bad_input, "embedding-model") {
  require_vector_io(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "file_bad_input");
  CHECK_THROWS_WITH_AS(client.vector_stores.files.create(id, {}), doctest::Contains("'file_id'"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.vector_stores.files.create("vs_missing", {{"file_id", "file-1"}}),
                       doctest::Contains("'vs_missing'"), NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_stores.files.retrieve(id, "file-missing"), doctest::Contains("'file-missing'"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(client.vector_stores.files.list(id, {{"order", "up"}}), doctest::Contains("'order'"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.vector_stores.file_batches.create(id, {{"file_ids", json::array{}}}),
                       doctest::Contains("'file_ids'"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.vector_stores.file_batches.cancel(id, "batch_missing"), doctest::Contains("'batch_missing'"),
                       NotFoundError);
}
