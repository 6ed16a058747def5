// Corpus: every inference, embedding and model-list response in the captures
// (real exchanges the Python Llama Stack recorded, testsuite/fixtures/
// captures, MIT) goes through the matching provider's response parsing and
// the client's typed views, and nothing is lost: ids, choices, content, tool
// calls (whole or as stream deltas), finish reasons, logprobs, usage,
// embeddings and their lengths, listed model ids. Expected values are read
// from the capture JSON itself.
#include "providers/inference/ollama/ollama_inference.hpp"
#include "testsuite/unit/inference/replay_harness.hpp"
#include "testsuite/support/builtin_provider_config.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include <map>
#include <set>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

std::optional<std::string> optional_text(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

const json::array& list_at(const json::object& o, std::string_view key) {
  static const json::array kEmpty;
  const json::value* v = o.if_contains(key);
  return v && v->is_array() ? v->as_array() : kEmpty;
}

bool present(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && !v->is_null();
}

void check_usage(const std::optional<Usage>& usage, const json::object& expected) {
  if (!present(expected, "usage")) {
    CHECK(!usage.has_value());
    return;
  }
  const json::object& u = expected.at("usage").as_object();
  REQUIRE(usage.has_value());
  CHECK(json_near(usage->raw, u));
  for (auto [key, got] : {std::pair{"prompt_tokens", usage->prompt_tokens},
                          std::pair{"completion_tokens", usage->completion_tokens},
                          std::pair{"total_tokens", usage->total_tokens}})
    if (present(u, key)) CHECK(got == u.at(key).to_number<std::int64_t>());
}

void check_tool_calls(const std::vector<ToolCall>& got, const json::object& message) {
  const json::array& expected = list_at(message, "tool_calls");
  REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    const json::object& call = expected[i].as_object();
    CHECK(got[i].id == optional_text(call, "id").value_or(""));
    CHECK(got[i].type == optional_text(call, "type").value_or(""));
    if (present(call, "index")) CHECK(got[i].index == call.at("index").to_number<int>());
    const json::object& f = call.at("function").as_object();
    CHECK(got[i].function.name == optional_text(f, "name").value_or(""));
    CHECK(got[i].function.arguments == optional_text(f, "arguments").value_or(""));
  }
}

void check_message(const ChatMessage& got, const json::object& expected) {
  CHECK(json_near(got.raw, expected));
  CHECK(got.role == optional_text(expected, "role").value_or(""));
  CHECK(got.content == optional_text(expected, "content"));
  CHECK(got.refusal == optional_text(expected, "refusal"));
  check_tool_calls(got.tool_calls, expected);
}

template <class Choice>
void check_choice_common(const Choice& got, const json::object& expected) {
  CHECK(json_near(got.raw, expected));
  CHECK(got.index == expected.at("index").to_number<int>());
  CHECK(got.finish_reason == optional_text(expected, "finish_reason"));
  CHECK(got.logprobs.has_value() == present(expected, "logprobs"));
}

void check_chat(const ChatCompletion& got, const json::object& expected) {
  CHECK(json_near(got.raw, expected));
  CHECK(got.id == optional_text(expected, "id").value_or(""));
  CHECK(got.model == optional_text(expected, "model").value_or(""));
  const json::array& choices = list_at(expected, "choices");
  REQUIRE(got.choices.size() == choices.size());
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const json::object& choice = choices[i].as_object();
    check_choice_common(got.choices[i], choice);
    check_message(got.choices[i].message, choice.at("message").as_object());
  }
  check_usage(got.usage, expected);
}

// Assembles tool calls and text from the recorded chunks' JSON, independently
// of the client's ToolCallAccumulator.
struct Assembled {
  std::map<std::pair<int, int>, std::string> arguments;  // (choice, call) -> arguments
  std::map<std::pair<int, int>, std::string> names;
  std::map<int, std::string> text;
};

Assembled assemble(const json::array& chunks) {
  Assembled out;
  for (const auto& c : chunks)
    for (const auto& ch : list_at(c.as_object(), "choices")) {
      const json::object& choice = ch.as_object();
      const int index = choice.at("index").to_number<int>();
      if (!present(choice, "delta")) continue;
      const json::object& delta = choice.at("delta").as_object();
      out.text[index] += optional_text(delta, "content").value_or("");
      for (const auto& call : list_at(delta, "tool_calls")) {
        const json::object& tc = call.as_object();
        const std::pair key{index, present(tc, "index") ? tc.at("index").to_number<int>() : 0};
        const json::object& f = tc.at("function").as_object();
        out.arguments[key] += optional_text(f, "arguments").value_or("");
        if (auto name = optional_text(f, "name"); name && !name->empty()) out.names[key] = *name;
      }
    }
  return out;
}

void check_chat_stream(const std::vector<ChatCompletionChunk>& got, const json::array& expected) {
  REQUIRE(got.size() == expected.size());
  ToolCallAccumulator calls;
  std::map<int, std::string> text;
  for (std::size_t i = 0; i < got.size(); ++i) {
    const json::object& chunk = expected[i].as_object();
    CHECK(json_near(got[i].raw, chunk));
    CHECK(got[i].id == optional_text(chunk, "id").value_or(""));
    const json::array& choices = list_at(chunk, "choices");
    REQUIRE(got[i].choices.size() == choices.size());
    for (std::size_t k = 0; k < choices.size(); ++k) {
      const json::object& choice = choices[k].as_object();
      check_choice_common(got[i].choices[k], choice);
      if (present(choice, "delta"))
        check_message(got[i].choices[k].delta, choice.at("delta").as_object());
      text[got[i].choices[k].index] += got[i].choices[k].delta.content.value_or("");
    }
    check_usage(got[i].usage, chunk);
    calls.add(got[i]);
  }
  const Assembled want = assemble(expected);
  CHECK(text == want.text);
  std::size_t assembled_calls = 0;
  for (const auto& [key, arguments] : want.arguments) {
    const auto got_calls = calls.calls(key.first);
    auto it = std::find_if(got_calls.begin(), got_calls.end(),
                           [&](const ToolCall& c) { return c.index == key.second; });
    REQUIRE(it != got_calls.end());
    CHECK(it->function.arguments == arguments);
    CHECK(it->function.name == want.names.at(key));
    ++assembled_calls;
  }
  std::size_t got_total = 0;
  for (const auto& [choice, _] : want.text) got_total += calls.calls(choice).size();
  CHECK(got_total == assembled_calls);
}

void check_completion(const Completion& got, const json::object& expected) {
  CHECK(json_near(got.raw, expected));
  CHECK(got.id == optional_text(expected, "id").value_or(""));
  const json::array& choices = list_at(expected, "choices");
  REQUIRE(got.choices.size() == choices.size());
  for (std::size_t i = 0; i < choices.size(); ++i) {
    const json::object& choice = choices[i].as_object();
    check_choice_common(got.choices[i], choice);
    CHECK(got.choices[i].text == optional_text(choice, "text").value_or(""));
  }
  check_usage(got.usage, expected);
}

void check_embeddings(const EmbeddingsResponse& got, const json::object& expected) {
  CHECK(json_near(got.raw, expected));
  CHECK(got.model == optional_text(expected, "model").value_or(""));
  const json::array& data = list_at(expected, "data");
  REQUIRE(got.data.size() == data.size());
  for (std::size_t i = 0; i < data.size(); ++i) {
    const json::object& item = data[i].as_object();
    CHECK(json_near(got.data[i].raw, item));
    CHECK(got.data[i].index == item.at("index").to_number<int>());
    const json::array& values = list_at(item, "embedding");
    REQUIRE(!values.empty());
    json::array got_values;
    for (double v : got.data[i].embedding) got_values.push_back(v);
    CHECK(json_near(got_values, values));
    CHECK(got.data[i].values().size() == values.size());
  }
  check_usage(got.usage, expected);
}

std::set<std::string> ids_of(const json::array& entries, std::string_view key) {
  std::set<std::string> ids;
  for (const auto& e : entries) ids.insert(std::string(e.as_object().at(key).as_string()));
  return ids;
}

}  // namespace

TEST_CASE("every captured inference and embeddings response parses with nothing lost") {
  std::map<std::string, int> by_kind;
  for (const auto& entry : load_corpus(captures_dir())) {
    if (!entry.exclusion.empty()) continue;
    if (entry.kind != CallKind::chat && entry.kind != CallKind::completion &&
        entry.kind != CallKind::embeddings)
      continue;
    INFO(entry.name());
    const CallResult r = replay_call(entry).result;
    const json::value& expected = entry.capture.response_body;
    if (r.chat) check_chat(*r.chat, expected.as_object());
    if (r.completion) check_completion(*r.completion, expected.as_object());
    if (r.embeddings) check_embeddings(*r.embeddings, expected.as_object());
    if (entry.capture.is_streaming && entry.kind == CallKind::chat)
      check_chat_stream(r.chat_chunks, expected.as_array());
    if (entry.capture.is_streaming && entry.kind == CallKind::completion) {
      REQUIRE(r.completion_chunks.size() == expected.as_array().size());
      for (std::size_t i = 0; i < r.completion_chunks.size(); ++i)
        check_completion(r.completion_chunks[i], expected.as_array()[i].as_object());
    }
    ++by_kind[std::string(kind_name(entry.kind)) + (entry.capture.is_streaming ? " stream" : "")];
  }
  std::string summary = "corpus responses:";
  for (const auto& [kind, n] : by_kind) summary += " " + kind + "=" + std::to_string(n);
  MESSAGE(summary);
  CHECK(by_kind["chat completion"] > 0);
  CHECK(by_kind["chat completion stream"] > 0);
  CHECK(by_kind["completion"] > 0);
  CHECK(by_kind["completion stream"] > 0);
  CHECK(by_kind["embeddings"] > 0);
}

TEST_CASE("every captured model list is discovered whole by its provider") {
  int lists = 0;
  for (const auto& entry : load_corpus(captures_dir())) {
    if (entry.kind != CallKind::model_list) continue;
    INFO(entry.name());
    // The recorder kept the SDK's list of models; the wire carried them as
    // {"object": "list", "data": [...]}.
    const json::array& listed = entry.capture.response_body.as_array();
    auto stack = stack_listing(entry, json::object{{"object", "list"}, {"data", listed}});
    REQUIRE(stack.http->requests().size() == 1);
    CHECK(stack.http->requests()[0].method == "GET");
    CHECK(stack.http->requests()[0].url == entry.expected_url());
    CHECK(stack.http->requests()[0].endpoint == "/v1/models");
    CHECK(stack.client.stack().warnings().empty());
    std::set<std::string> discovered;
    for (const auto& m : stack.client.models.list()) {
      if (m.provider_id != entry.provider_id) continue;
      discovered.insert(m.provider_resource_id);
      CHECK(m.identifier == entry.provider_id + "/" + m.provider_resource_id);
      CHECK((m.model_type == "llm" || m.model_type == "embedding"));
      if (m.model_type == "embedding" && m.metadata.contains("embedding_dimension"))
        CHECK(m.metadata.at("embedding_dimension").to_number<int>() > 0);
    }
    CHECK(discovered == ids_of(listed, "id"));
    ++lists;
  }
  MESSAGE("model lists discovered: " << lists);
  CHECK(lists >= 10);
}

TEST_CASE("embedding models in the captured lists are typed with their dimensions") {
  // The ids are the captures'; the dimensions are the providers' documented
  // ones, which the lists themselves do not carry.
  std::map<std::string, int> expected{{"openai/text-embedding-3-small", 1536},
                                      {"openai/text-embedding-3-large", 3072},
                                      {"ollama/nomic-embed-text:latest", 768},
                                      {"ollama/all-minilm:l6-v2", 384}};
  std::map<std::string, int> seen;
  for (const auto& entry : load_corpus(captures_dir())) {
    if (entry.kind != CallKind::model_list) continue;
    const json::array& listed = entry.capture.response_body.as_array();
    auto stack = stack_listing(entry, json::object{{"object", "list"}, {"data", listed}});
    for (const auto& m : stack.client.models.list())
      if (auto it = expected.find(m.identifier); it != expected.end()) {
        INFO(entry.name() << " " << m.identifier);
        CHECK(m.model_type == "embedding");
        CHECK(m.metadata.at("embedding_dimension").to_number<int>() == it->second);
        seen[m.identifier] = 1;
      }
  }
  CHECK(seen.size() == expected.size());
}

TEST_CASE("every captured Ollama /api/ps answer is read by the provider's health check") {
  int answers = 0;
  for (const auto& entry : load_corpus(captures_dir())) {
    if (entry.kind != CallKind::ollama_running) continue;
    INFO(entry.name());
    ScriptedHttpClient http;
    http.answer_next(entry.capture.response_body);
    const ProviderContext context{
        "ollama", "remote::ollama", llama_stack::testing::builtin_provider_config("inference", "remote::ollama", "ollama",
                                                      {{"url", entry.base_url}}),
        http,
        {},       nullptr};
    providers::OllamaInference ollama(context);
    const auto running = ollama.running_models();
    const json::array& models = list_at(entry.capture.response_body.as_object(), "models");
    REQUIRE(running.size() == models.size());
    for (std::size_t i = 0; i < models.size(); ++i) {
      const json::object& m = models[i].as_object();
      CHECK(running[i].provider_model_id == m.at("model").as_string());
      const std::string family(m.at("details").at("family").as_string());
      CHECK((running[i].model_type == "embedding") == (family.find("bert") != std::string::npos));
    }
    CHECK(http.last_request().method == "GET");
    CHECK(http.last_request().url == entry.expected_url());
    CHECK(http.last_request().endpoint == "/api/ps");
    ++answers;
  }
  MESSAGE("/api/ps answers read: " << answers);
  CHECK(answers > 100);
}
