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
