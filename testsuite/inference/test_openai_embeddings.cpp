// Embeddings through the OpenAI-style API, with the Python suite's inputs.
#include "testsuite/inference/suite_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

json::object request(TestContext& t, json::value input) {
  return {{"model", t.embedding_model()}, {"input", std::move(input)}, {"encoding_format", "float"}};
}

void check_vector(const Embedding& e, int dimension) {
  CHECK(static_cast<int>(e.embedding.size()) == dimension);
  bool nonzero = false;
  for (double x : e.embedding) nonzero |= x != 0.0;
  CHECK(nonzero);
}

}  // namespace

LLAMA_STACK_TEST(test_openai_embeddings_single_string, "embedding-model") {
  auto response = t.client().embeddings.create(request(t, "Hello, world!"));
  REQUIRE(response.data.size() == 1);
  CHECK(response.data[0].index == 0);
  check_vector(response.data[0], t.embedding_dimension());
  CHECK(!response.model.empty());
}

LLAMA_STACK_TEST(test_openai_embeddings_multiple_strings, "embedding-model") {
  auto response = t.client().embeddings.create(
      request(t, json::array{"Hello, world!", "How are you today?", "This is a test."}));
  REQUIRE(response.data.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(response.data[i].index == i);
    check_vector(response.data[i], t.embedding_dimension());
  }
}

LLAMA_STACK_TEST(test_openai_embeddings_with_encoding_format_float, "embedding-model") {
  auto response = t.client().embeddings.create(request(t, "Test encoding format"));
  REQUIRE(response.data.size() == 1);
  check_vector(response.data[0], t.embedding_dimension());
}

LLAMA_STACK_TEST(test_openai_embeddings_with_dimensions, "embedding-model") {
  auto params = request(t, "Test dimensions parameter");
  params["dimensions"] = 16;
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 1);
  // Providers that ignore the parameter return their full dimension.
  const auto size = static_cast<int>(response.data[0].embedding.size());
  CHECK((size == 16 || size == t.embedding_dimension()));
}

LLAMA_STACK_TEST(test_openai_embeddings_with_user_parameter, "embedding-model") {
  auto params = request(t, "Test user parameter");
  params["user"] = "test-user-123";
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 1);
  check_vector(response.data[0], t.embedding_dimension());
}

LLAMA_STACK_TEST(test_openai_embeddings_different_inputs_different_outputs, "embedding-model") {
  auto first = t.client().embeddings.create(request(t, "This is the first text"));
  auto second = t.client().embeddings.create(request(t, "This is completely different content"));
  REQUIRE(first.data.size() == 1);
  REQUIRE(second.data.size() == 1);
  CHECK(first.data[0].embedding != second.data[0].embedding);
}

LLAMA_STACK_TEST(test_openai_embeddings_empty_input_is_an_error, "embedding-model") {
  CHECK_THROWS_AS(t.client().embeddings.create(request(t, json::array{})), InvalidRequestError);
}

LLAMA_STACK_TEST(test_openai_embeddings_unknown_model_is_an_error, "embedding-model") {
  auto params = request(t, "Hello, world!");
  params["model"] = "no-such-provider/no-such-embedding-model";
  CHECK_THROWS_AS(t.client().embeddings.create(params), NotFoundError);
}

LLAMA_STACK_TEST(test_openai_embeddings_with_encoding_format_base64, "embedding-model") {
  // The request goes out as asked (the OpenAI Python client's default); the
  // vector arrives as base64 from providers that implement it and as floats
  // from those that ignore the format. Either way it decodes to the model's
  // dimension.
  auto params = request(t, "Test user parameter");
  params["encoding_format"] = "base64";
  params["user"] = "test-user-123";
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 1);
  const std::vector<float> values = response.data[0].values();
  CHECK(static_cast<int>(values.size()) == t.embedding_dimension());
  bool nonzero = false;
  for (float x : values) nonzero |= x != 0.0f;
  CHECK(nonzero);
}
