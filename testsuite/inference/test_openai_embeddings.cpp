// Embeddings through the OpenAI-style API: the tests of the Python suite's
// inference/test_openai_embeddings.py, with its ids and inputs. Python runs
// each with two clients: its own (which asks for floats) and the OpenAI
// client (whose default encoding is base64); both map onto one id here, and
// where the two sent different requests this test sends both.
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

namespace {

// The vector of an answer to encoding_format base64: base64 from providers
// that implement it, floats from those that ignore it (Ollama); either way
// of the model's dimension.
void check_decoded(const Embedding& e, int dimension) {
  const std::vector<float> values = e.values();
  CHECK(static_cast<int>(values.size()) == dimension);
  bool nonzero = false;
  for (float x : values) nonzero |= x != 0.0f;
  CHECK(nonzero);
}

}  // namespace

LLAMA_STACK_TEST(test_openai_embeddings_with_dimensions, "embedding-model") {
  for (const char* format : {"float", "base64"}) {
    CAPTURE(format);
    auto params = request(t, "Test dimensions parameter");
    params["encoding_format"] = format;
    params["dimensions"] = 16;
    auto response = t.client().embeddings.create(params);
    REQUIRE(response.data.size() == 1);
    // Providers that ignore the parameter return their full dimension.
    const auto size = static_cast<int>(response.data[0].values().size());
    CHECK((size == 16 || size == t.embedding_dimension()));
  }
}

LLAMA_STACK_TEST(test_openai_embeddings_with_user_parameter, "embedding-model") {
  auto params = request(t, "Test user parameter");
  params["user"] = "test-user-123";
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 1);
  check_vector(response.data[0], t.embedding_dimension());
  // The OpenAI client's request: base64, passed through as asked.
  params["encoding_format"] = "base64";
  auto encoded = t.client().embeddings.create(params);
  REQUIRE(encoded.data.size() == 1);
  check_decoded(encoded.data[0], t.embedding_dimension());
}

LLAMA_STACK_TEST(test_openai_embeddings_different_inputs_different_outputs, "embedding-model") {
  auto first = t.client().embeddings.create(request(t, "This is the first text"));
  auto second = t.client().embeddings.create(request(t, "This is completely different content"));
  REQUIRE(first.data.size() == 1);
  REQUIRE(second.data.size() == 1);
  CHECK(first.data[0].embedding.size() == second.data[0].embedding.size());
  CHECK(first.data[0].embedding != second.data[0].embedding);
}

LLAMA_STACK_TEST(test_openai_embeddings_empty_list_error, "embedding-model") {
  CHECK_THROWS_AS(t.client().embeddings.create({{"model", t.embedding_model()}, {"input", json::array{}}}),
                  InvalidRequestError);
}

LLAMA_STACK_TEST(test_openai_embeddings_invalid_model_error, "embedding-model") {
  CHECK_THROWS_AS(t.client().embeddings.create({{"model", "invalid-model-id"}, {"input", "Test text"}}),
                  NotFoundError);
}

namespace {

// The Python suite's list: these providers answer base64 requests with floats.
void skip_if_no_base64(TestContext& t) {
  skip_if_served_by(t, t.embedding_model(), {"remote::databricks", "remote::fireworks", "remote::ollama"},
                    "encoding_format='base64' (the parameter is ignored, floats come back)");
}

}  // namespace

LLAMA_STACK_TEST(test_openai_embeddings_with_encoding_format_base64, "embedding-model") {
  skip_if_no_base64(t);
  auto params = request(t, "Test base64 encoding format");
  params["encoding_format"] = "base64";
  params["dimensions"] = 12;
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 1);
  CHECK(response.data[0].values().size() == 12);
}

LLAMA_STACK_TEST(test_openai_embeddings_base64_batch_processing, "embedding-model") {
  skip_if_no_base64(t);
  auto params = request(t, json::array{"First text for base64", "Second text for base64", "Third text for base64"});
  params["encoding_format"] = "base64";
  auto response = t.client().embeddings.create(params);
  REQUIRE(response.data.size() == 3);
  for (int i = 0; i < 3; ++i) {
    CHECK(response.data[i].index == i);
    check_decoded(response.data[i], t.embedding_dimension());
  }
}
