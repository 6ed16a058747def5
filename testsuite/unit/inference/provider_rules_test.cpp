// The configuration rules of the OpenAI-compatible providers (base URLs, key
// headers, what they add or refuse) and the client's typed views, checked
// through the library client with a ScriptedHttpClient standing in for the
// network. The answers scripted here are model listings and responses taken
// from capture files where the test looks at them; where only the request
// matters the answer is an empty object and says nothing about any model.
#include "testsuite/unit/inference/support/call_replay.hpp"
#include "testsuite/unit/inference/support/provider_corpus.hpp"
#include "testsuite/unit/inference/support/scripted_http_client.hpp"

#include "stack/client/library_client.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <set>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

struct Scripted {
  std::shared_ptr<ScriptedHttpClient> http = std::make_shared<ScriptedHttpClient>();
  LlamaStackClient client;

  Scripted(std::string_view spec, std::vector<std::pair<std::string, std::string>> vars)
      : client(make(spec, std::move(vars), http)) {}

  static LlamaStackClient make(std::string_view spec,
                               std::vector<std::pair<std::string, std::string>> vars,
                               std::shared_ptr<ScriptedHttpClient> http) {
    Environment env = Environment::isolated();
    for (auto& [k, v] : vars) env.set(k, v);
    return client_over(spec, std::move(env), std::move(http));
  }

  // Sends a chat call for `model` (registered under provider `provider`) and
  // returns the request the provider made; the answer is not looked at.
  HttpRequest chat(const std::string& provider, json::object extra = {}) {
    client.models.register_model("m", provider, "some-model");
    json::object params{
        {"model", "m"},
        {"messages", json::array{json::object{{"role", "user"}, {"content", "hi"}}}}};
    for (auto& [k, v] : extra) params[k] = v;
    http->answer_next(json::object{});
    client.chat.completions.create(params);
    return http->last_request();
  }
};

}  // namespace

TEST_CASE("base URLs and key headers follow each provider's rules") {
  struct Case {
    const char* spec;
    const char* provider;
    std::vector<std::pair<std::string, std::string>> vars;
    const char* url;
    const char* header;
    const char* value;
  };
  const std::vector<Case> cases{
      {"inference=groq",
       "groq",
       {{"GROQ_API_KEY", "g"}},
       "https://api.groq.com/openai/v1/chat/completions",
       "Authorization",
       "Bearer g"},
      {"inference=sambanova",
       "sambanova",
       {{"SAMBANOVA_API_KEY", "s"}},
       "https://api.sambanova.ai/v1/chat/completions",
       "Authorization",
       "Bearer s"},
      {"inference=gemini",
       "gemini",
       {{"GEMINI_API_KEY", "k"}},
       "https://generativelanguage.googleapis.com/v1beta/openai/chat/completions",
       "Authorization",
       "Bearer k"},
      {"inference=cerebras",
       "cerebras",
       {{"CEREBRAS_API_KEY", "c"}},
       "https://api.cerebras.ai/v1/chat/completions",
       "Authorization",
       "Bearer c"},
      {"inference=openai",
       "openai",
       {{"OPENAI_API_KEY", "o"}, {"OPENAI_BASE_URL", "http://proxy.local:9000/v1/"}},
       "http://proxy.local:9000/v1/chat/completions",
       "Authorization",
       "Bearer o"},
      {"inference=nvidia",
       "nvidia",
       {{"NVIDIA_API_KEY", "n"}},
       "https://integrate.api.nvidia.com/v1/chat/completions",
       "Authorization",
       "Bearer n"},
      {"inference=nvidia",
       "nvidia",
       {{"NVIDIA_BASE_URL", "http://nim.local:8000/v1"}, {"NVIDIA_APPEND_API_VERSION", "False"}},
       "http://nim.local:8000/v1/chat/completions",
       "Authorization",
       ""},
      {"inference=azure",
       "azure",
       {{"AZURE_API_KEY", "a"}, {"AZURE_API_BASE", "https://res.openai.azure.com/some/path"}},
       "https://res.openai.azure.com/openai/v1/chat/completions",
       "api-key",
       "a"},
      {"inference=databricks",
       "databricks",
       {{"DATABRICKS_HOST", "https://dbc.cloud.databricks.com"}, {"DATABRICKS_TOKEN", "d"}},
       "https://dbc.cloud.databricks.com/serving-endpoints/chat/completions",
       "Authorization",
       "Bearer d"},
      {"inference=ollama",
       "ollama",
       {{"OLLAMA_URL", "http://gpu.local:11434/"}},
       "http://gpu.local:11434/v1/chat/completions",
       "Authorization",
       ""},
      {"inference=ollama",
       "ollama",
       {{"OLLAMA_URL", "http://gpu.local:11434/v1"}},
       "http://gpu.local:11434/v1/chat/completions",
       "Authorization",
       ""},
  };
  for (const auto& c : cases) {
    INFO(c.spec << " " << c.url);
    Scripted s(c.spec, c.vars);
    const HttpRequest sent = s.chat(c.provider);
    CHECK(sent.url == c.url);
    CHECK(sent.endpoint == "/v1/chat/completions");
    CHECK(header_value(sent, c.header) == c.value);
  }
}

TEST_CASE("the outbound body is the caller's parameters: nulls dropped, extras passed") {
  Scripted s("inference=groq", {{"GROQ_API_KEY", "g"}});
  const HttpRequest sent =
      s.chat("groq", {{"temperature", nullptr},
                      {"seed", 3},
                      {"reasoning_effort", "low"},  // unknown to the stack: passed as is
                      {"extra_body", json::object{{"guided_choice", json::array{"a", "b"}}}}});
  const json::object& body = sent.body.as_object();
  CHECK(!body.contains("temperature"));
  CHECK(!body.contains("extra_body"));
  CHECK(body.at("seed") == 3);
  CHECK(body.at("reasoning_effort") == "low");
  CHECK(body.at("guided_choice") == json::array{"a", "b"});
  CHECK(body.at("model") == "some-model");
  CHECK(error_of([&] {
          s.chat("groq", {{"extra_body", "not an object"}});
        }).find("'extra_body' must be an object") != std::string::npos);
}

TEST_CASE("NVIDIA embeddings carry input_type \"query\" unless the caller sets one") {
  Scripted s("inference=nvidia", {{"NVIDIA_API_KEY", "n"}});
  s.client.models.register_model("e", "nvidia", "nvidia/nv-embedqa-e5-v5", "embedding");
  s.http->answer_next(json::object{});
  s.client.embeddings.create({{"model", "e"}, {"input", "x"}});
  CHECK(s.http->last_request().body.at("input_type") == "query");
  s.http->answer_next(json::object{});
  s.client.embeddings.create({{"model", "e"}, {"input", "x"}, {"input_type", "passage"}});
  CHECK(s.http->last_request().body.at("input_type") == "passage");
}

TEST_CASE("hosted NVIDIA needs its key; a self-hosted NIM does not") {
  Scripted hosted("inference=nvidia", {});
  CHECK(error_of([&] { hosted.chat("nvidia"); }).find("NVIDIA_API_KEY") != std::string::npos);
  Scripted local("inference=nvidia", {{"NVIDIA_BASE_URL", "http://nim.local:8000"}});
  CHECK(local.chat("nvidia").url == "http://nim.local:8000/v1/chat/completions");
}

TEST_CASE("ollama discovers by /api/tags when configured, beside a URL given with /v1") {
  auto http = std::make_shared<ScriptedHttpClient>();
  RunConfig config;
  config.providers.push_back({"inference",
                              "ollama",
                              "remote::ollama",
                              {{"url", "http://gpu.local:11434/v1"}, {"model_discovery", "tags"}}});
  StackOptions options;
  options.env = Environment::isolated();
  options.http = http;
  LlamaStackClient client(Stack::create(config, options));
  REQUIRE(http->requests().size() == 1);  // unanswered here: a warning, not an error
  CHECK(http->requests()[0].method == "GET");
  CHECK(http->requests()[0].url == "http://gpu.local:11434/api/tags");
  CHECK(http->requests()[0].endpoint == "/api/tags");
  CHECK(client.stack().warnings().size() == 1);
}

TEST_CASE("allowed_models limits discovery to the listed ids") {
  const auto& corpus = load_corpus(captures_dir());
  const CorpusEntry* listing = nullptr;
  for (const auto& e : corpus)
    if (e.kind == CallKind::model_list && e.provider_id == "openai") listing = &e;
  REQUIRE(listing != nullptr);
  auto http = std::make_shared<ScriptedHttpClient>();
  http->answer_next(
      json::object{{"object", "list"}, {"data", listing->capture.response_body.as_array()}});
  RunConfig config;
  config.providers.push_back(
      {"inference",
       "openai",
       "remote::openai",
       {{"api_key", "k"}, {"allowed_models", json::array{"gpt-4o", "text-embedding-3-small"}}}});
  StackOptions options;
  options.env = Environment::isolated();
  options.http = http;
  LlamaStackClient client(Stack::create(config, options));
  std::set<std::string> ids;
  for (const auto& m : client.models.list()) ids.insert(m.identifier);
  CHECK(ids == std::set<std::string>{"openai/gpt-4o", "openai/text-embedding-3-small"});
}

TEST_CASE("config mistakes name the provider and the key") {
  auto fails = [](std::vector<std::pair<std::string, std::string>> vars, const char* spec) {
    return error_of([&] { Scripted s(spec, vars); });
  };
  const std::string tgi = fails({}, "inference=tgi");
  CHECK(tgi.find("provider 'tgi'") != std::string::npos);
  CHECK(tgi.find("'url'") != std::string::npos);
  CHECK(tgi.find("TGI_URL") != std::string::npos);
  const std::string azure = fails({{"AZURE_API_KEY", "a"}}, "inference=azure");
  CHECK(azure.find("'api_base'") != std::string::npos);
  CHECK(azure.find("AZURE_API_BASE") != std::string::npos);
  const std::string scheme = fails({{"VLLM_URL", "localhost:8000/v1"}}, "inference=vllm");
  CHECK(scheme.find("expected a URL with a scheme") != std::string::npos);
}

TEST_CASE("typed views: logprobs, content parts, refusal") {
  // Shapes from the OpenAI chat completion reference, not a recorded answer:
  // no capture carries logprobs.
  const auto chat = ChatCompletion::from_json(json::parse(R"({
    "id": "c", "model": "m", "created": 1, "object": "chat.completion",
    "choices": [{"index": 0, "finish_reason": "stop",
      "message": {"role": "assistant", "content": "Hi", "refusal": null},
      "logprobs": {"content": [{"token": "Hi", "logprob": -0.5, "bytes": [72, 105],
                                "top_logprobs": [{"token": "Hi", "logprob": -0.5},
                                                 {"token": "Hey", "logprob": -1.5}]}],
                   "refusal": null}}]})")
                                                  .as_object());
  REQUIRE(chat.choices.at(0).logprobs.has_value());
  const auto& lp = chat.choices[0].logprobs->content;
  REQUIRE(lp.size() == 1);
  CHECK(lp[0].token == "Hi");
  CHECK(lp[0].logprob == -0.5);
  CHECK(lp[0].bytes == std::vector<int>{72, 105});
  REQUIRE(lp[0].top_logprobs.size() == 2);
  CHECK(lp[0].top_logprobs[1].token == "Hey");

  const auto completion = Completion::from_json(json::parse(R"({
    "id": "x", "model": "m", "choices": [{"index": 0, "text": " a", "finish_reason": "length",
      "logprobs": {"tokens": [" a"], "token_logprobs": [-0.25], "text_offset": [5],
                   "top_logprobs": [{" a": -0.25, " b": -2.0}]}}]})")
                                                    .as_object());
  const auto& clp = completion.choices.at(0).logprobs;
  REQUIRE(clp.has_value());
  CHECK(clp->tokens == std::vector<std::string>{" a"});
  CHECK(clp->token_logprobs.at(0) == -0.25);
  CHECK(clp->text_offset == std::vector<std::int64_t>{5});
  CHECK(clp->top_logprobs.at(0).at(" b") == -2.0);

  const auto message = ChatCompletion::from_json(json::parse(R"({"choices": [{"index": 0,
      "message": {"role": "user", "content": [
        {"type": "text", "text": "what is "}, {"type": "text", "text": "this?"},
        {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}}]}}]})")
                                                     .as_object())
                           .choices.at(0)
                           .message;
  CHECK(message.content == std::string("what is this?"));
  REQUIRE(message.content_parts.size() == 3);
  CHECK(message.content_parts[2].type == "image_url");
  CHECK(message.content_parts[2].image_url == "data:image/png;base64,AAAA");
}

TEST_CASE("base64 embeddings decode to little-endian float32 values") {
  // 1.0f = 0x3F800000 and 2.0f = 0x40000000, least significant byte first.
  CHECK(decode_base64_embedding("AACAPwAAAEA=") == std::vector<float>{1.0f, 2.0f});
  Embedding e;
  e.base64 = "AACAPwAAAEA=";
  CHECK(e.values() == std::vector<float>{1.0f, 2.0f});
  CHECK_THROWS_AS(decode_base64_embedding("AAAA*"), InvalidRequestError);
  CHECK_THROWS_AS(decode_base64_embedding("AAAA"), InvalidRequestError);  // 3 bytes
}
