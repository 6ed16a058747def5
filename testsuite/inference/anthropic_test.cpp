// remote::anthropic through the in-process library client.
//
// THE UPSTREAM HERE IS SYNTHETIC. No real Anthropic exchange was ever
// captured (../shared has none), so a ScriptedHttpClient stands in for
// api.anthropic.com and answers with JSON written for this test in the shapes
// the Messages API documentation gives (message objects, the streaming event
// sequence message_start / content_block_* / message_delta / message_stop,
// error objects, the model list). They are not recordings and no model
// produced them; what is tested is the translation to and from them.
#include "stack/client/library_client.hpp"
#include "testsuite/unit/inference/support/call_replay.hpp"
#include "testsuite/unit/inference/support/scripted_http_client.hpp"

#include <llama_stack/apis/inference.hpp>
#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using llama_stack::testing::client_over;
using llama_stack::testing::error_of;
using llama_stack::testing::header_value;
using llama_stack::testing::ScriptedHttpClient;
namespace json = boost::json;

namespace {

// Synthetic, in the documented shape of GET /v1/models.
const char* const kModelList = R"({
  "data": [{"type": "model", "id": "claude-sonnet-4-20250514",
            "display_name": "Claude Sonnet 4", "created_at": "2025-05-22T00:00:00Z"}],
  "has_more": false, "first_id": "claude-sonnet-4-20250514",
  "last_id": "claude-sonnet-4-20250514"})";

const char* const kModel = "anthropic/claude-sonnet-4-20250514";

struct AnthropicStack {
  std::shared_ptr<ScriptedHttpClient> http = std::make_shared<ScriptedHttpClient>();
  LlamaStackClient client;

  explicit AnthropicStack(bool with_key = true) : client(make(with_key, http)) {}

  static LlamaStackClient make(bool with_key, std::shared_ptr<ScriptedHttpClient> http) {
    // Without a key discovery asks nobody: a queued list would answer the first chat.
    if (with_key) http->answer_next(json::parse(kModelList));
    Environment env = Environment::isolated();
    if (with_key) env.set("ANTHROPIC_API_KEY", "test-anthropic-key");
    return client_over("inference=anthropic", std::move(env), std::move(http));
  }
};

json::object user_says(std::string text) {
  return {{"model", kModel},
          {"messages", json::array{json::object{{"role", "user"}, {"content", std::move(text)}}}}};
}

}  // namespace

TEST_CASE("anthropic: models are listed from GET /v1/models with the Anthropic headers") {
  AnthropicStack s;
  CHECK(s.client.stack().warnings().empty());
  CHECK(s.client.models.retrieve(kModel).model_type == "llm");
  const HttpRequest& list = s.http->requests().at(0);
  CHECK(list.method == "GET");
  CHECK(list.url == "https://api.anthropic.com/v1/models?limit=1000");
  CHECK(header_value(list, "x-api-key") == "test-anthropic-key");
  CHECK(header_value(list, "anthropic-version") == "2023-06-01");
  CHECK(header_value(list, "Authorization").empty());
}

TEST_CASE("anthropic: a chat request becomes a Messages API request") {
  AnthropicStack s;
  s.http->answer_next(json::parse(R"({"id": "msg_01", "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-20250514", "content": [{"type": "text", "text": "ok"}],
      "stop_reason": "end_turn", "stop_sequence": null,
      "usage": {"input_tokens": 10, "output_tokens": 1}})"));
  const json::object params = json::parse(R"({
    "model": "anthropic/claude-sonnet-4-20250514",
    "messages": [
      {"role": "system", "content": "Answer briefly."},
      {"role": "user", "content": [
        {"type": "text", "text": "What is in this image, and the weather there?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}},
        {"type": "image_url", "image_url": {"url": "https://example.com/cat.jpg"}}]},
      {"role": "assistant", "content": null, "tool_calls": [
        {"id": "toolu_1", "type": "function",
         "function": {"name": "get_weather", "arguments": "{\"city\": \"Paris\"}"}}]},
      {"role": "tool", "tool_call_id": "toolu_1", "content": "sunny"}],
    "tools": [{"type": "function", "function": {"name": "get_weather",
               "description": "Weather of a city",
               "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}}}],
    "tool_choice": "required",
    "stop": "END",
    "max_completion_tokens": 256,
    "temperature": 0.2,
    "user": "user-42",
    "top_k": 5})")
                                  .as_object();
  s.client.chat.completions.create(params);
  const HttpRequest& sent = s.http->last_request();
  CHECK(sent.method == "POST");
  CHECK(sent.url == "https://api.anthropic.com/v1/messages");
  CHECK(sent.endpoint == "/v1/messages");
  CHECK(header_value(sent, "x-api-key") == "test-anthropic-key");
  CHECK(header_value(sent, "anthropic-version") == "2023-06-01");
  const json::value expected = json::parse(R"({
    "model": "claude-sonnet-4-20250514",
    "system": "Answer briefly.",
    "messages": [
      {"role": "user", "content": [
        {"type": "text", "text": "What is in this image, and the weather there?"},
        {"type": "image", "source": {"type": "base64", "media_type": "image/png",
                                     "data": "iVBORw0KGgo="}},
        {"type": "image", "source": {"type": "url", "url": "https://example.com/cat.jpg"}}]},
      {"role": "assistant", "content": [
        {"type": "tool_use", "id": "toolu_1", "name": "get_weather", "input": {"city": "Paris"}}]},
      {"role": "user", "content": [
        {"type": "tool_result", "tool_use_id": "toolu_1", "content": "sunny"}]}],
    "tools": [{"name": "get_weather", "description": "Weather of a city",
               "input_schema": {"type": "object", "properties": {"city": {"type": "string"}}}}],
    "tool_choice": {"type": "any"},
    "stop_sequences": ["END"],
    "max_tokens": 256,
    "temperature": 0.2,
    "metadata": {"user_id": "user-42"},
    "top_k": 5})");
  CHECK(sent.body == expected);
}

TEST_CASE("anthropic: max_tokens defaults to the provider's, a named tool_choice maps to a tool") {
  AnthropicStack s;
  s.http->answer_next(json::parse(R"({"id": "msg_02", "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-20250514", "content": [{"type": "text", "text": "ok"}],
      "stop_reason": "end_turn", "stop_sequence": null,
      "usage": {"input_tokens": 3, "output_tokens": 1}})"));
  json::object params = user_says("hi");
  params["tool_choice"] = json::parse(R"({"type": "function", "function": {"name": "f"}})");
  params["parallel_tool_calls"] = false;
  s.client.chat.completions.create(params);
  const json::object& body = s.http->last_request().body.as_object();
  CHECK(body.at("max_tokens") == 4096);
  CHECK(body.at("tool_choice") ==
        json::parse(R"({"type": "tool", "name": "f", "disable_parallel_tool_use": true})"));
}

TEST_CASE("anthropic: a Messages API answer becomes a chat completion, tool use included") {
  AnthropicStack s;
  s.http->answer_next(json::parse(R"({"id": "msg_03", "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-20250514",
      "content": [{"type": "text", "text": "Let me check."},
                  {"type": "tool_use", "id": "toolu_9", "name": "get_weather",
                   "input": {"city": "Tokyo"}}],
      "stop_reason": "tool_use", "stop_sequence": null,
      "usage": {"input_tokens": 50, "output_tokens": 20, "cache_read_input_tokens": 8}})"));
  const auto r = s.client.chat.completions.create(user_says("Weather in Tokyo?"));
  CHECK(r.id == "msg_03");
  CHECK(r.model == "claude-sonnet-4-20250514");
  CHECK(r.raw.at("object") == "chat.completion");
  REQUIRE(r.choices.size() == 1);
  CHECK(r.choices[0].message.role == "assistant");
  CHECK(r.choices[0].message.content == std::string("Let me check."));
  CHECK(r.choices[0].finish_reason == std::string("tool_calls"));
  REQUIRE(r.choices[0].message.tool_calls.size() == 1);
  const ToolCall& call = r.choices[0].message.tool_calls[0];
  CHECK(call.id == "toolu_9");
  CHECK(call.type == "function");
  CHECK(call.function.name == "get_weather");
  CHECK(json::parse(call.function.arguments) == json::parse(R"({"city": "Tokyo"})"));
  REQUIRE(r.usage.has_value());
  CHECK(r.usage->prompt_tokens == 58);  // input plus cached input
  CHECK(r.usage->completion_tokens == 20);
  CHECK(r.usage->total_tokens == 78);
  CHECK(r.usage->raw.at("prompt_tokens_details").at("cached_tokens") == 8);
}

TEST_CASE("anthropic: stop reasons map to finish reasons") {
  AnthropicStack s;
  for (const auto& [stop, finish] :
       std::vector<std::pair<std::string, std::string>>{{"end_turn", "stop"},
                                                        {"stop_sequence", "stop"},
                                                        {"max_tokens", "length"},
                                                        {"tool_use", "tool_calls"},
                                                        {"refusal", "content_filter"}}) {
    json::object message = json::parse(R"({"id": "msg_04", "type": "message", "role": "assistant",
        "model": "claude-sonnet-4-20250514", "content": [{"type": "text", "text": "x"}],
        "stop_sequence": null, "usage": {"input_tokens": 1, "output_tokens": 1}})")
                               .as_object();
    message["stop_reason"] = stop;
    s.http->answer_next(message);
    CHECK(s.client.chat.completions.create(user_says("x")).choices.at(0).finish_reason == finish);
  }
}

TEST_CASE("anthropic: the streaming event sequence becomes chat completion chunks") {
  AnthropicStack s;
  // Synthetic events in the documented order, a text block then a tool_use
  // block whose input arrives as partial JSON.
  s.http->answer_next(json::parse(R"([
    {"type": "message_start", "message": {"id": "msg_05", "type": "message", "role": "assistant",
      "content": [], "model": "claude-sonnet-4-20250514", "stop_reason": null,
      "stop_sequence": null, "usage": {"input_tokens": 25, "output_tokens": 1}}},
    {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
    {"type": "ping"},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Checking"}},
    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": " now."}},
    {"type": "content_block_stop", "index": 0},
    {"type": "content_block_start", "index": 1, "content_block": {"type": "tool_use",
      "id": "toolu_7", "name": "get_weather", "input": {}}},
    {"type": "content_block_delta", "index": 1,
     "delta": {"type": "input_json_delta", "partial_json": "{\"city\": \"Ky"}},
    {"type": "content_block_delta", "index": 1,
     "delta": {"type": "input_json_delta", "partial_json": "oto\"}"}},
    {"type": "content_block_stop", "index": 1},
    {"type": "message_delta", "delta": {"stop_reason": "tool_use", "stop_sequence": null},
     "usage": {"output_tokens": 31}},
    {"type": "message_stop"}])"));
  json::object params = user_says("Weather in Kyoto?");
  params["stream_options"] = json::object{{"include_usage", true}};
  std::vector<ChatCompletionChunk> chunks;
  for (const auto& chunk : s.client.chat.completions.stream(params)) chunks.push_back(chunk);

  const json::object& sent = s.http->last_request().body.as_object();
  CHECK(sent.at("stream") == true);
  CHECK(s.http->last_request().stream_end == StreamEnd::message_stop);  // no [DONE] in the Messages API
  CHECK(!sent.contains("stream_options"));  // not a Messages API parameter

  REQUIRE(chunks.size() == 8);
  for (const auto& c : chunks) {
    CHECK(c.id == "msg_05");
    CHECK(c.raw.at("object") == "chat.completion.chunk");
  }
  CHECK(chunks[0].choices.at(0).delta.role == "assistant");
  std::string text;
  ToolCallAccumulator calls;
  std::optional<std::string> finish;
  for (const auto& c : chunks) {
    calls.add(c);
    for (const auto& choice : c.choices) {
      text += choice.delta.content.value_or("");
      if (choice.finish_reason) finish = choice.finish_reason;
    }
  }
  CHECK(text == "Checking now.");
  REQUIRE(calls.calls().size() == 1);
  CHECK(calls.calls()[0].id == "toolu_7");
  CHECK(calls.calls()[0].function.name == "get_weather");
  CHECK(calls.calls()[0].function.arguments == R"({"city": "Kyoto"})");
  CHECK(finish == std::string("tool_calls"));
  // include_usage: a last chunk without choices carries the usage.
  CHECK(chunks.back().choices.empty());
  REQUIRE(chunks.back().usage.has_value());
  CHECK(chunks.back().usage->prompt_tokens == 25);
  CHECK(chunks.back().usage->completion_tokens == 31);
}

TEST_CASE("anthropic: errors keep the provider, the status and Anthropic's message") {
  AnthropicStack s;
  s.http->fail_next(401, R"({"type": "error", "error": {"type": "authentication_error",
                                                          "message": "invalid x-api-key"}})");
  try {
    s.client.chat.completions.create(user_says("hi"));
    FAIL("expected an UpstreamError");
  } catch (const UpstreamError& e) {
    CHECK(e.provider_id() == "anthropic");
    CHECK(e.status() == 401);
    CHECK(e.upstream_message() == "invalid x-api-key");
  }
  // Failures inside a stream arrive as an error event.
  s.http->answer_next(json::parse(R"([
    {"type": "message_start", "message": {"id": "msg_06", "type": "message", "role": "assistant",
      "content": [], "model": "claude-sonnet-4-20250514", "stop_reason": null,
      "stop_sequence": null, "usage": {"input_tokens": 5, "output_tokens": 1}}},
    {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}])"));
  auto stream = s.client.chat.completions.stream(user_says("hi"));
  CHECK(stream.next().has_value());
  CHECK(error_of([&] { stream.next(); }).find("Overloaded") != std::string::npos);
}

TEST_CASE("anthropic: without a key it still starts, and calls name the variable to set") {
  AnthropicStack s(/*with_key=*/false);
  REQUIRE(s.client.stack().warnings().size() == 1);  // discovery needs the key too
  CHECK(s.http->requests().empty());                 // and asked nobody
  s.client.models.register_model(kModel, "anthropic", "claude-sonnet-4-20250514");
  const std::string error = error_of([&] { s.client.chat.completions.create(user_says("hi")); });
  CHECK(error.find("ANTHROPIC_API_KEY") != std::string::npos);
  CHECK(error.find("anthropic_api_key") != std::string::npos);

  s.http->answer_next(json::parse(R"({"id": "msg_07", "type": "message", "role": "assistant",
      "model": "claude-sonnet-4-20250514", "content": [{"type": "text", "text": "ok"}],
      "stop_reason": "end_turn", "stop_sequence": null,
      "usage": {"input_tokens": 1, "output_tokens": 1}})"));
  const RequestContext request(json::object{{"anthropic_api_key", "key-from-provider-data"}});
  s.client.stack().api<InferenceApi>("inference").chat_completion(request, user_says("hi"));
  CHECK(header_value(s.http->last_request(), "x-api-key") == "key-from-provider-data");
}

TEST_CASE("anthropic: what the Messages API cannot express is refused by name") {
  AnthropicStack s;
  const auto before = s.http->requests().size();
  json::object two = user_says("hi");
  two["n"] = 2;
  CHECK_THROWS_AS(s.client.chat.completions.create(two), UnsupportedError);
  json::object schema = user_says("hi");
  schema["response_format"] = json::parse(R"({"type": "json_object"})");
  CHECK(error_of([&] { s.client.chat.completions.create(schema); }).find("response_format") !=
        std::string::npos);
  json::object seeded = user_says("hi");
  seeded["seed"] = 7;
  CHECK(error_of([&] { s.client.chat.completions.create(seeded); }).find("'seed'") !=
        std::string::npos);
  s.client.models.register_model("anthropic/embed", "anthropic", "x", "embedding");
  CHECK_THROWS_AS(s.client.embeddings.create({{"model", "anthropic/embed"}, {"input", "x"}}),
                  UnsupportedError);
  CHECK_THROWS_AS(s.client.completions.create({{"model", kModel}, {"prompt", "x"}}),
                  UnsupportedError);
  CHECK(s.http->requests().size() == before);
}
