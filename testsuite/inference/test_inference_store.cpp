// Stored chat completions: the Python suite's test_inference_store and
// test_inference_store_tool_calls (inference/test_openai_completion.py), a
// chat completion whole or streamed, then found in GET /v1/chat/completions
// and retrieved with its input messages (and tool calls). The completion
// ids are the provider's, so the replayed answers are stored under the ids
// they were recorded with.
#include "testsuite/inference/suite_support.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <algorithm>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

// The tests mirror tests in test_openai_completion.py, so their ids name that
// file (the ids the Python recordings are keyed by), not this one.
#define LLAMA_STACK_STORE_TEST(NAME, ...)                                                      \
  static void NAME(::llama_stack::testing::TestContext& t);                                    \
  [[maybe_unused]] static const int NAME##_registration = ::llama_stack::testing::register_test( \
      "testsuite/inference/test_openai_completion.cpp", __LINE__, #NAME, false, &NAME,          \
      {__VA_ARGS__});                                                                           \
  static void NAME([[maybe_unused]] ::llama_stack::testing::TestContext& t)

namespace {

struct Answer {
  std::string id;
  std::string content;
};

// The chat completion, whole or streamed as the test's `stream` says; the
// id and the content as the Python test accumulates them.
Answer complete(TestContext& t, json::object params) {
  Answer out;
  if (t.parameter("stream") == "True") {
    for (const auto& chunk : t.client().chat.completions.stream(std::move(params))) {
      if (out.id.empty() && !chunk.id.empty()) out.id = chunk.id;
      if (!chunk.choices.empty() && chunk.choices[0].delta.content)
        out.content += *chunk.choices[0].delta.content;
    }
  } else {
    params["stream"] = false;
    const auto response = t.client().chat.completions.create(params);
    out.id = response.id;
    REQUIRE(!response.choices.empty());
    out.content = response.choices[0].message.content.value_or("");
  }
  return out;
}

bool stored(TestContext& t, const std::string& id) {
  RouteRequest request;
  request.query["limit"] = "1000";
  const auto list = t.client().call("GET", "/v1/chat/completions", request).body.as_object();
  CHECK(list.at("object") == "list");
  const auto& data = list.at("data").as_array();
  return std::any_of(data.begin(), data.end(), [&](const json::value& c) { return c.at("id") == json::value(id); });
}

json::object retrieve(TestContext& t, const std::string& id) {
  return t.client()
      .call("GET", "/v1/chat/completions/{completion_id}", RouteRequest(ParamMap{{"completion_id", id}}))
      .body.as_object();
}

// The Python test's skip_if_model_doesnt_support_openai_chat_completion.
void skip_if_no_openai_chat(TestContext& t) {
  skip_if_served_by(t, t.text_model(),
                    {"inline::meta-reference", "inline::sentence-transformers", "inline::vllm",
                     "remote::bedrock", "remote::databricks", "remote::cerebras", "remote::runpod"},
                    "OpenAI chat completions");
}

json::object user_turn(TestContext& t, const std::string& message) {
  return {{"model", t.text_model()},
          {"messages", json::array{json::object{{"role", "user"}, {"content", message}}}}};
}

std::string message_content(const json::object& completion) {
  const auto& content = completion.at("choices").at(0).at("message").at("content");
  return content.is_string() ? std::string(content.as_string()) : std::string();
}

}  // namespace

LLAMA_STACK_STORE_TEST(test_inference_store, "text-model", parametrize("stream", {"True", "False"})) {
  skip_if_no_openai_chat(t);
  const std::string message = "Hello, world!";
  const Answer answer = complete(t, user_turn(t, message));
  REQUIRE(!answer.id.empty());
  // The Python test polls for a second: its store writes in the background;
  // ours has written before the answer (or the stream's end) reached us.
  CHECK(stored(t, answer.id));
  const auto retrieved = retrieve(t, answer.id);
  CHECK(retrieved.at("id") == json::value(answer.id));
  CHECK(message_content(retrieved) == answer.content);
  CHECK(retrieved.at("input_messages").at(0).at("content") == json::value(message));
}

LLAMA_STACK_STORE_TEST(test_inference_store_tool_calls, "text-model",
                       parametrize("stream", {"True", "False"})) {
  skip_if_no_openai_chat(t);
  const std::string message =
      "What's the weather in Tokyo? Use the get_weather function to get the weather.";
  auto params = user_turn(t, message);
  params["tools"] = json::array{json::object{
      {"type", "function"},
      {"function",
       json::object{{"name", "get_weather"},
                    {"description", "Get the weather in a given city"},
                    {"parameters",
                     json::object{{"type", "object"},
                                  {"properties",
                                   json::object{{"city", json::object{{"type", "string"},
                                                                      {"description",
                                                                       "The city to get the weather for"}}}}}}}}}}};
  const Answer answer = complete(t, std::move(params));
  REQUIRE(!answer.id.empty());
  CHECK(stored(t, answer.id));
  const auto retrieved = retrieve(t, answer.id);
  CHECK(retrieved.at("id") == json::value(answer.id));
  CHECK(retrieved.at("input_messages").at(0).at("content") == json::value(message));
  const auto& stored_message = retrieved.at("choices").at(0).at("message").as_object();
  const auto* calls = stored_message.if_contains("tool_calls");
  if (calls != nullptr && calls->is_array() && !calls->as_array().empty()) {
    // A small model: a call with a name and arguments, whatever they are.
    REQUIRE(calls->as_array().size() == 1);
    CHECK(!calls->at(0).at("function").at("name").as_string().empty());
    CHECK(!calls->at(0).at("function").at("arguments").as_string().empty());
  } else {
    CHECK(message_content(retrieved) == answer.content);
  }
}
