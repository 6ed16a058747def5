// Chat completions with JSON Schema tools: the tests of the Python suite's
// inference/test_tools_with_schemas.py (its classes are part of the ids), with
// its requests, so its recordings replay here. The Python tests only check
// that an answer arrives; these check its structure: a tool call, when the
// model makes one, names an offered tool and carries JSON arguments.
#include "testsuite/inference/suite_support.hpp"

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

json::array tools(std::string_view text) { return json::parse(text).as_array(); }

json::object request(TestContext& t, const char* question, json::array offered) {
  return {{"model", t.text_model()},
          {"messages", json::array{json::object{{"role", "user"}, {"content", question}}}},
          {"tools", std::move(offered)}};
}

bool offered(const json::object& params, const std::string& name) {
  for (const auto& tool : params.at("tools").as_array())
    if (tool.at("function").at("name").as_string() == name) return true;
  return false;
}

// One answer with a message; its tool calls, if any, are calls of offered tools.
void check_answer(const json::object& params, const ChatCompletion& response) {
  REQUIRE(response.choices.size() == 1);
  const auto& message = response.choices[0].message;
  CHECK(message.role == "assistant");
  CHECK((!message.tool_calls.empty() || !message.content.value_or("").empty()));
  for (const auto& call : message.tool_calls) {
    CHECK_MESSAGE(offered(params, call.function.name), call.function.name << " was not offered");
    CHECK(json::parse(call.function.arguments.empty() ? "{}" : call.function.arguments).is_object());
  }
}

// The Python test's request (a question, the tools offered), and its answer checked.
void ask_with_tools(TestContext& t, const char* question, std::string_view offered_tools) {
  const auto params = request(t, question, tools(offered_tools));
  check_answer(params, t.client().chat.completions.create(params));
}

const char* const kWeatherForLocation = R"([{"type": "function", "function": {"name": "get_weather",
  "description": "Get weather for a location", "parameters": {"type": "object", "properties":
  {"location": {"type": "string", "description": "City name"}}, "required": ["location"]}}}])";

const char* const kBookFlight = R"([{"type": "function", "function": {"name": "book_flight",
  "description": "Book a flight", "parameters": {"type": "object", "properties": {
  "flight": {"$ref": "#/$defs/FlightInfo"}, "passenger": {"$ref": "#/$defs/Passenger"}},
  "required": ["flight", "passenger"], "$defs": {"FlightInfo": {"type": "object", "properties": {
  "from": {"type": "string"}, "to": {"type": "string"}, "date": {"type": "string", "format": "date"}}},
  "Passenger": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}}}}}}])";

const char* const kWeatherInformation = R"([{"type": "function", "function": {"name": "get_weather",
  "description": "Get weather information", "parameters": {"type": "object", "properties":
  {"location": {"type": "string", "description": "City name"}}, "required": ["location"]}}}])";

const char* const kProcessData = R"([{"type": "function", "function": {"name": "process_data",
  "description": "Process structured data", "parameters": {"type": "object", "properties":
  {"data": {"$ref": "#/$defs/DataObject"}}, "$defs": {"DataObject": {"type": "object", "properties":
  {"values": {"type": "array", "items": {"type": "number"}}}}}}}}])";

const char* const kGetTime = R"([{"type": "function", "function": {"name": "get_time",
  "description": "Get current time", "parameters": {"type": "object", "properties":
  {"timezone": {"type": "string"}}}}}])";

const char* const kNoArgs = R"([{"type": "function", "function": {"name": "no_args_tool",
  "description": "Tool with no arguments", "parameters": {"type": "object", "properties": {}}}}])";

const char* const kThreeSchemas = R"([
  {"type": "function", "function": {"name": "simple", "parameters": {"type": "object",
   "properties": {"x": {"type": "string"}}}}},
  {"type": "function", "function": {"name": "complex", "parameters": {"type": "object",
   "properties": {"data": {"$ref": "#/$defs/Complex"}}, "$defs": {"Complex": {"type": "object",
   "properties": {"nested": {"type": "array", "items": {"type": "number"}}}}}}}},
  {"type": "function", "function": {"name": "with_output", "parameters": {"type": "object",
   "properties": {"input": {"type": "string"}}}}}])";

}  // namespace

LLAMA_STACK_CLASS_TEST(TestChatCompletionWithTools, test_simple_tool_call, "text-model") {
  ask_with_tools(t, "What's the weather in San Francisco?", kWeatherForLocation);
}

LLAMA_STACK_CLASS_TEST(TestChatCompletionWithTools, test_tool_with_complex_schema, "text-model") {
  ask_with_tools(t, "Book a flight from SFO to JFK for John Doe", kBookFlight);
}

LLAMA_STACK_CLASS_TEST(TestOpenAICompatibility, test_openai_chat_completion_with_tools, "text-model") {
  const auto params = request(t, "What's the weather in Tokyo?", tools(kWeatherInformation));
  auto response = t.client().chat.completions.create(params);
  check_answer(params, response);
  const auto& calls = response.choices[0].message.tool_calls;
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].function.name == "get_weather");
  CHECK(!calls[0].id.empty());
  const auto arguments = json::parse(calls[0].function.arguments).as_object();
  REQUIRE(arguments.contains("location"));
  CHECK(mentions(arguments.at("location").as_string(), "tokyo"));
  CHECK(response.choices[0].finish_reason == std::string("tool_calls"));
}

LLAMA_STACK_CLASS_TEST(TestOpenAICompatibility, test_openai_format_preserves_complex_schemas, "text-model") {
  ask_with_tools(t, "Process this data", kProcessData);
}

LLAMA_STACK_CLASS_TEST(TestStreamingWithTools, test_streaming_tool_calls, "text-model") {
  auto params = request(t, "What time is it in UTC?", tools(kGetTime));
  ToolCallAccumulator accumulator;
  int chunks = 0;
  for (const auto& chunk : t.client().chat.completions.stream(params)) {
    ++chunks;
    accumulator.add(chunk);
  }
  CHECK(chunks > 0);
  const auto calls = accumulator.calls();
  REQUIRE(calls.size() == 1);
  CHECK(calls[0].function.name == "get_time");
  // Streamed argument fragments join into one JSON object.
  CHECK(json::parse(calls[0].function.arguments).is_object());
}

LLAMA_STACK_CLASS_TEST(TestEdgeCases, test_tool_without_schema, "text-model") {
  ask_with_tools(t, "Call the no args tool", kNoArgs);
}

LLAMA_STACK_CLASS_TEST(TestEdgeCases, test_multiple_tools_with_different_schemas, "text-model") {
  ask_with_tools(t, "Use one of the available tools", kThreeSchemas);
}
