// Chat completions and completions through the OpenAI-style API. The
// questions are the Python suite's test cases (test_cases/inference/*.json),
// so that the captured exchanges behind the shipped recordings answer them.
// Tests check structure and the one fact each question asks for, not prose.
#include "testsuite/inference/suite_support.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <map>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

struct Question {
  const char* question;
  const char* expected;
};
const Question kNonStreaming[] = {{"Which planet do humans live on?", "Earth"},
                                  {"Which planet has rings around it with a name starting with letter S?", "Saturn"}};
const Question kStreaming[] = {{"What's the name of the Sun in latin?", "Sol"},
                               {"What is the name of the US captial?", "Washington"}};
const char* const kCompletionPrompt =
    "Respond to this question and explain your answer. Complete the sentence using one word: "
    "Roses are red, violets are ";
const char* const kStopPrompt =
    "Return the exact same sentence and don't add additional words): Michael Jordan was born in "
    "the year of 1963";

json::object user_message(const std::string& model, const char* text) {
  return {{"model", model},
          {"messages", json::array{json::object{{"role", "user"}, {"content", text}}}}};
}

// Providers whose OpenAI-compatible API has no /v1/completions (as the Python suite lists them).
void skip_if_no_completions(TestContext& t) {
  skip_if_served_by(t, t.text_model(),
                    {"remote::vllm", "remote::databricks", "remote::nvidia", "remote::sambanova",
                     "remote::groq", "remote::gemini", "remote::anthropic", "remote::azure"},
                    "OpenAI completions");
}

}  // namespace

LLAMA_STACK_TEST(test_openai_chat_completion_non_streaming, "text-model") {
  for (const auto& q : kNonStreaming) {
    CAPTURE(q.question);
    auto params = user_message(t.text_model(), q.question);
    params["stream"] = false;
    auto response = t.client().chat.completions.create(params);
    REQUIRE(!response.choices.empty());
    const std::string content = response.choices[0].message.content.value_or("");
    CHECK(!content.empty());
    CHECK(response.choices[0].message.role == "assistant");
    CHECK(mentions(content, q.expected));
  }
}

LLAMA_STACK_TEST(test_openai_chat_completion_streaming, "text-model") {
  for (const auto& q : kStreaming) {
    CAPTURE(q.question);
    std::string content;
    int chunks = 0;
    std::optional<std::string> finish;
    for (const auto& chunk : t.client().chat.completions.stream(user_message(t.text_model(), q.question))) {
      ++chunks;
      // Some providers send a first chunk without choices.
      if (chunk.choices.empty()) continue;
      content += chunk.choices[0].delta.content.value_or("");
      if (chunk.choices[0].finish_reason) finish = chunk.choices[0].finish_reason;
    }
    CHECK(chunks > 1);
    CHECK(!content.empty());
    CHECK(finish.has_value());
    CHECK(mentions(content, q.expected));
  }
}

LLAMA_STACK_TEST(test_openai_chat_completion_streaming_with_n, "text-model") {
  skip_if_served_by(t, t.text_model(),
                    {"remote::ollama", "remote::sambanova", "remote::groq", "remote::gemini",
                     "remote::anthropic", "remote::tgi", "remote::together", "remote::cerebras",
                     "remote::databricks"},
                    "the n parameter");
  for (const auto& q : kStreaming) {
    auto params = user_message(t.text_model(), q.question);
    params["n"] = 2;
    std::map<int, std::string> content;
    for (const auto& chunk : t.client().chat.completions.stream(params))
      for (const auto& c : chunk.choices) content[c.index] += c.delta.content.value_or("");
    CHECK(content.size() == 2);
    for (const auto& [index, text] : content) CHECK_MESSAGE(mentions(text, q.expected), "choice " << index);
  }
}

LLAMA_STACK_TEST(test_openai_chat_completion_with_tool_choice_none, "text-model") {
  auto params = json::object{
      {"model", t.text_model()},
      {"messages", json::array{json::object{{"role", "system"}, {"content", "Pretend you are a weather assistant."}},
                               json::object{{"role", "user"}, {"content", "What's the weather like in San Francisco, CA?"}}}},
      {"stream", false}};
  auto response = t.client().chat.completions.create(params);
  REQUIRE(!response.choices.empty());
  CHECK(response.choices[0].message.tool_calls.empty());
  CHECK(!response.choices[0].message.content.value_or("").empty());
}

LLAMA_STACK_TEST(test_openai_completion_non_streaming, "text-model") {
  skip_if_no_completions(t);
  auto response = t.client().completions.create(
      {{"model", t.text_model()}, {"prompt", kCompletionPrompt}, {"stream", false}});
  REQUIRE(!response.choices.empty());
  CHECK(response.choices[0].text.size() > 10);
}

LLAMA_STACK_TEST(test_openai_completion_streaming, "text-model") {
  skip_if_no_completions(t);
  std::string text;
  int chunks = 0;
  for (const auto& chunk : t.client().completions.stream(
           {{"model", t.text_model()}, {"prompt", kCompletionPrompt}, {"max_tokens", 50}})) {
    ++chunks;
    if (!chunk.choices.empty()) text += chunk.choices[0].text;
  }
  CHECK(chunks > 1);
  CHECK(text.size() > 10);
}

LLAMA_STACK_TEST(test_openai_completion_stop_sequence, "text-model") {
  skip_if_no_completions(t);
  for (const json::value& stop : {json::value("1963"), json::value(json::array{"blathering", "1963"})}) {
    CAPTURE(json::serialize(stop));
    auto response = t.client().completions.create(
        {{"model", t.text_model()}, {"prompt", kStopPrompt}, {"stop", stop}, {"stream", false}});
    REQUIRE(!response.choices.empty());
    CHECK(response.choices[0].text.find("1963") == std::string::npos);
  }
}

LLAMA_STACK_TEST(test_openai_completion_guided_choice, "text-model") {
  // Guided choice is vLLM's extra-body parameter.
  if (provider_type_of(t, t.text_model()) != "remote::vllm")
    t.skip("guided choice is a vLLM extra_body parameter; " + t.text_model() + " is not served by vLLM");
  auto response = t.client().completions.create(
      {{"model", t.text_model()},
       {"prompt", "I am feeling really sad today."},
       {"stream", false},
       {"guided_choice", json::array{"joy", "sadness"}}});
  REQUIRE(!response.choices.empty());
  CHECK((response.choices[0].text == "joy" || response.choices[0].text == "sadness"));
}

namespace {

json::object parse_object(std::string_view text) { return json::parse(text).as_object(); }

const char* const kWeatherTool = R"({"type": "function", "function": {"name": "get_weather",
  "description": "Get weather information", "parameters": {"type": "object", "properties":
  {"location": {"type": "string", "description": "City name"}}, "required": ["location"]}}})";

const char* const kTimeTool = R"({"type": "function", "function": {"name": "get_time",
  "description": "Get current time", "parameters": {"type": "object", "properties":
  {"timezone": {"type": "string"}}}}})";

}  // namespace

LLAMA_STACK_TEST(test_openai_chat_completion_with_tools, "text-model") {
  auto params = user_message(t.text_model(), "What's the weather in Tokyo?");
  params["tools"] = json::array{parse_object(kWeatherTool)};
  auto response = t.client().chat.completions.create(params);
  REQUIRE(!response.choices.empty());
  const auto& calls = response.choices[0].message.tool_calls;
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].function.name == "get_weather");
  CHECK(!calls[0].id.empty());
  const auto arguments = json::parse(calls[0].function.arguments).as_object();
  REQUIRE(arguments.contains("location"));
  CHECK(mentions(arguments.at("location").as_string(), "tokyo"));
  CHECK(response.choices[0].finish_reason == std::string("tool_calls"));
}

LLAMA_STACK_TEST(test_openai_chat_completion_streaming_tool_calls, "text-model") {
  auto params = user_message(t.text_model(), "What time is it in UTC?");
  params["tools"] = json::array{parse_object(kTimeTool)};
  ToolCallAccumulator accumulator;
  for (const auto& chunk : t.client().chat.completions.stream(params)) accumulator.add(chunk);
  const auto calls = accumulator.calls();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].function.name == "get_time");
  // Streamed argument fragments join into one JSON object.
  CHECK(json::parse(calls[0].function.arguments).is_object());
}

LLAMA_STACK_TEST(test_openai_chat_completion_structured_output, "text-model") {
  auto params = json::object{
      {"model", t.text_model()},
      {"messages",
       json::array{json::object{{"role", "system"},
                                {"content", "You are a helpful assistant. Michael Jordan was born in 1963. "
                                            "He played basketball for the Chicago Bulls for 15 seasons."}},
                   json::object{{"role", "user"}, {"content", "Please give me information about Michael Jordan."}}}},
      {"response_format", parse_object(R"({"type": "json_schema", "json_schema": {"name": "AnswerFormat",
        "schema": {"properties": {"first_name": {"title": "First Name", "type": "string"},
        "last_name": {"title": "Last Name", "type": "string"}, "year_of_birth": {"title": "Year Of Birth",
        "type": "integer"}}, "required": ["first_name", "last_name", "year_of_birth"],
        "title": "AnswerFormat", "type": "object"}}})")},
      {"stream", false}};
  auto response = t.client().chat.completions.create(params);
  REQUIRE(!response.choices.empty());
  const auto answer = json::parse(response.choices[0].message.content.value_or("")).as_object();
  CHECK(mentions(answer.at("first_name").as_string(), "michael"));
  CHECK(mentions(answer.at("last_name").as_string(), "jordan"));
  CHECK(answer.at("year_of_birth").to_number<int>() == 1963);
}

LLAMA_STACK_TEST(test_openai_chat_completion_tool_choice_required, "text-model") {
  const auto tool = parse_object(R"({"type": "function", "function": {"name": "get_boiling_point",
    "description": "Returns the boiling point of a liquid in Celcius or Fahrenheit.",
    "parameters": {"type": "object", "properties": {"liquid_name": {"type": "str",
    "description": "The name of the liquid"}, "celcius": {"type": "bool",
    "description": "Whether to return the boiling point in Celcius"}}, "required": ["liquid_name"]}}})");
  json::object params{
      {"model", t.text_model()},
      {"messages", json::array{json::object{{"role", "system"}, {"content", "You are a helpful assistant"}},
                               json::object{{"role", "user"},
                                            {"content", "What is the boiling point of the liquid polyjuice in celsius?"}}}},
      {"max_tokens", 0},
      {"temperature", 0.0001},
      {"tool_choice", "required"},
      {"tools", json::array{tool}},
      {"top_p", 0.9}};
  ToolCallAccumulator accumulator;
  for (const auto& chunk : t.client().chat.completions.stream(params)) accumulator.add(chunk);
  const auto calls = accumulator.calls();
  REQUIRE(!calls.empty());
  CHECK(calls[0].function.name == "get_boiling_point");
  const auto arguments = json::parse(calls[0].function.arguments).as_object();
  CHECK(mentions(arguments.at("liquid_name").as_string(), "polyjuice"));
}

LLAMA_STACK_TEST(test_openai_completion_non_streaming_suffix, "text-model") {
  // Fill-in-the-middle needs a model trained for it (the Python suite uses
  // qwen2.5-coder:1.5b on Ollama).
  if (t.text_model().find("qwen2.5-coder") == std::string::npos)
    t.skip("suffix (fill in the middle) needs a code model such as ollama/qwen2.5-coder:1.5b; got " +
           t.text_model());
  skip_if_no_completions(t);
  auto response = t.client().completions.create({{"model", t.text_model()},
                                                 {"prompt", "The capital of "},
                                                 {"suffix", "is Paris."},
                                                 {"max_tokens", 10},
                                                 {"stream", false}});
  REQUIRE(!response.choices.empty());
  CHECK(response.choices[0].text.size() > 5);
  CHECK(mentions(response.choices[0].text, "france"));
}

LLAMA_STACK_TEST(test_openai_completion_logprobs, "text-model") {
  skip_if_no_completions(t);
  skip_if_served_by(t, t.text_model(), {"remote::ollama"}, "/v1/completions logprobs (Ollama ignores them)");
  auto response = t.client().completions.create({{"model", t.text_model()},
                                                 {"prompt", "Hello, world!"},
                                                 {"logprobs", 5},
                                                 {"max_tokens", 5},
                                                 {"stream", false}});
  REQUIRE(!response.choices.empty());
  REQUIRE(response.choices[0].logprobs.has_value());
  CHECK(!response.choices[0].logprobs->tokens.empty());
}
