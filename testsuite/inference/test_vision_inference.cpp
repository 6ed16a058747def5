// Vision: chat completions with an image sent inline as a data URI: the
// tests of the Python suite's inference/test_vision_inference.py with its
// image (testsuite/fixtures/images). The vision suite runs only these tests.
#include "testsuite/inference/suite_support.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/support/data_uri.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

json::object describe_image(TestContext& t) {
  static const std::string image = data_uri(fixture_dir() / "images" / "vision-test-image.png", "image/png");
  return {{"model", t.vision_model()},
          {"messages",
           json::array{json::object{
               {"role", "user"},
               {"content", json::array{json::object{{"type", "image_url"},
                                                    {"image_url", json::object{{"url", image}}}},
                                       json::object{{"type", "text"},
                                                    {"text", "Describe what is in this image."}}}}}}}};
}

}  // namespace

LLAMA_STACK_VISION_TEST(test_image_chat_completion_non_streaming, "vision-model") {
  auto params = describe_image(t);
  params["stream"] = false;
  auto response = t.client().chat.completions.create(params);
  REQUIRE(!response.choices.empty());
  const std::string content = response.choices[0].message.content.value_or("");
  CHECK(content.size() > 20);
  // The image shows a dog; any description of it names the animal.
  CHECK((mentions(content, "dog") || mentions(content, "puppy") || mentions(content, "pup")));
}

LLAMA_STACK_VISION_TEST(test_image_chat_completion_streaming, "vision-model") {
  std::string content;
  int chunks = 0;
  for (const auto& chunk : t.client().chat.completions.stream(describe_image(t))) {
    ++chunks;
    if (!chunk.choices.empty()) content += chunk.choices[0].delta.content.value_or("");
  }
  CHECK(chunks > 1);
  CHECK((mentions(content, "dog") || mentions(content, "puppy") || mentions(content, "pup")));
}

LLAMA_STACK_VISION_TEST(test_image_chat_completion_base64, "vision-model") {
  // The same image as a base64 data URI, checked for the structure of the answer.
  auto params = describe_image(t);
  params["stream"] = false;
  auto response = t.client().chat.completions.create(params);
  REQUIRE(response.choices.size() == 1);
  CHECK(response.choices[0].message.role == "assistant");
  CHECK(!response.choices[0].message.content.value_or("").empty());
  CHECK(!response.id.empty());
}

// Python's version sends two different images in a two-turn conversation;
// this one sends our image twice, streamed and not, as its ids say.
LLAMA_STACK_VISION_TEST(test_image_chat_completion_multiple_images, "vision-model",
                        parametrize("stream", {"True", "False"})) {
  skip_if_served_by(t, t.vision_model(), {"remote::ollama"},
                    "several images in one request (Ollama's llama3.2-vision takes one image)");
  auto params = describe_image(t);
  auto& content = params["messages"].as_array()[0].as_object()["content"].as_array();
  content.insert(content.begin(), content[0]);  // the same image twice
  content.back().as_object()["text"] = "How many images do you see? Describe them.";
  std::string answer;
  if (t.parameter("stream") == "True") {
    for (const auto& chunk : t.client().chat.completions.stream(params))
      if (!chunk.choices.empty()) answer += chunk.choices[0].delta.content.value_or("");
  } else {
    params["stream"] = false;
    auto response = t.client().chat.completions.create(params);
    REQUIRE(!response.choices.empty());
    answer = response.choices[0].message.content.value_or("");
  }
  CHECK(!answer.empty());
}
