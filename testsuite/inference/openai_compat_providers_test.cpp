// The OpenAI-compatible providers other than Ollama (remote::openai, vllm,
// tgi, together, fireworks, cerebras, azure, databricks, nvidia, gemini), end
// to end through the in-process library client.
//
// The upstream is CaptureUpstream: a loopback test double that answers only
// from real exchanges the Python Llama Stack recorded against those services
// (testsuite/fixtures/captures, MIT). No model runs here. Providers keep
// their real base URLs (api.together.xyz, ...); LoopbackRedirect delivers
// each request to the double and remembers the URL and headers the provider
// built. Every expected value below is read from a capture file.
#include "testsuite/inference/support/loopback_double.hpp"
#include "testsuite/unit/inference/support/call_replay.hpp"

#include <llama_stack/apis/inference.hpp>
#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <map>
#include <set>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

namespace {

const std::vector<CorpusEntry>& corpus() { return load_corpus(captures_dir()); }

bool is_call(const CorpusEntry& e) {
  return e.exclusion.empty() && (e.kind == CallKind::chat || e.kind == CallKind::completion ||
                                 e.kind == CallKind::embeddings);
}

// The value of a header the provider sent.
std::string sent_header(const HttpRequest& request, std::string_view name) {
  for (const auto& [key, value] : request.headers)
    if (key == name) return value;
  return {};
}

struct Replay {
  int calls = 0;
  std::set<std::string> auth;  // "header: value" the provider authenticated with
};

// Replays every captured call of `provider` through the library client
// against the double and checks the answer is the recorded one, whole, and
// that the provider called the URL the Python stack called.
Replay replay_all(const std::string& provider, std::vector<std::string> hosts,
                  std::string_view auth_header) {
  UpstreamDouble upstream(std::move(hosts));
  std::map<std::string, LlamaStackClient> clients;  // one per recorded base URL
  Replay out;
  for (const auto& entry : corpus()) {
    if (entry.provider_id != provider || !is_call(entry)) continue;
    INFO(entry.name());
    auto it = clients.find(entry.base_url);
    if (it == clients.end())
      it = clients
               .emplace(entry.base_url,
                        upstream.client("inference=" + provider, environment_for(entry)))
               .first;
    const CallOutcome outcome = try_issue_call(it->second, entry);
    REQUIRE_MESSAGE(outcome.error.empty(), outcome.error);
    CHECK(is_recorded_response(entry, outcome.result.raw()));
    const HttpRequest sent = upstream.http->requests().back();
    CHECK(sent.url == entry.expected_url());
    CHECK(sent.stream_end == StreamEnd::done_event);  // every OpenAI-style stream ends with [DONE]
    out.auth.insert(std::string(auth_header) + ": " + sent_header(sent, auth_header));
    ++out.calls;
  }
  // Requests the double could not answer are model discovery probes whose
  // listing was never captured (GET), never a call.
  for (const auto& unmatched : upstream.upstream->unmatched_requests())
    CHECK_MESSAGE(unmatched.starts_with("GET "), unmatched);
  return out;
}

// How many calls the captures hold for `provider`.
int captured_calls(std::string_view provider) {
  int n = 0;
  for (const auto& e : corpus())
    if (e.provider_id == provider && is_call(e)) ++n;
  return n;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("every captured call of each provider replays, answered whole") {
  struct Case {
    std::string provider;
    std::vector<std::string> hosts;
    std::string auth;  // the header the provider must authenticate with
  };
  // Chat (plain, streamed, tools, n=2, vision by URL), completions (guided
  // choice for vLLM) and embeddings, as far as each provider's captures go.
  const std::vector<Case> cases{
      {"together", {"api.together.xyz"}, "Authorization: Bearer test-key-together"},
      {"fireworks", {"api.fireworks.ai"}, "Authorization: Bearer test-key-fireworks"},
      {"cerebras", {"api.cerebras.ai"}, "Authorization: Bearer test-key-cerebras"},
      {"azure", {"shan-mfbb618r-eastus2.cognitiveservices.azure.com"}, "api-key: test-key-azure"},
      {"databricks", {"__databricks__"}, "Authorization: Bearer test-key-databricks"},
      {"tgi", {"localhost:8080"}, "Authorization: "},  // TGI takes no key
      // VLLM_API_TOKEN defaults to "fake" in the sample config, as in Python's.
      {"vllm", {"localhost:8000"}, "Authorization: Bearer fake"},
      {"openai", {"api.openai.com"}, "Authorization: Bearer test-key-openai"},
  };
  for (const auto& c : cases) {
    INFO(c.provider);
    const std::string header = c.auth.substr(0, c.auth.find(':'));
    const Replay r = replay_all(c.provider, c.hosts, header);
    CHECK(r.calls == captured_calls(c.provider));
    CHECK(r.calls >= 3);
    CHECK(r.auth == std::set<std::string>{c.auth});
  }
}

TEST_CASE("tool calls come back typed: whole, and assembled from stream deltas") {
  UpstreamDouble upstream({"api.cerebras.ai"});
  const auto& whole = find_capture("0d3290adae1d.json");
  auto client = upstream.client("inference=cerebras", environment_for(whole));
  const auto r = issue_call(client, whole);
  const auto& recorded = whole.capture.response_body.at("choices").at(0).at("message");
  REQUIRE(r.chat->choices.size() == 1);
  REQUIRE(r.chat->choices[0].message.tool_calls.size() == 1);
  const ToolCall& call = r.chat->choices[0].message.tool_calls[0];
  CHECK(call.id == recorded.at("tool_calls").at(0).at("id").as_string());
  CHECK(call.function.name == "get_weather");  // the tool the request offered
  CHECK(json::parse(call.function.arguments) ==
        json::parse(recorded.at("tool_calls").at(0).at("function").at("arguments").as_string()));
  CHECK(r.chat->choices[0].finish_reason == std::string("tool_calls"));

  const auto& streamed = find_capture("0648374e43e7.json");
  const auto s = issue_call(client, streamed);
  ToolCallAccumulator calls;
  for (const auto& chunk : s.chat_chunks) calls.add(chunk);
  REQUIRE(calls.calls().size() == 1);
  CHECK(calls.calls()[0].function.name == "get_weather");
  std::string arguments;
  for (const auto& c : streamed.capture.response_body.as_array())
    for (const auto& choice : c.at("choices").as_array())
      if (const auto* tc = choice.at("delta").as_object().if_contains("tool_calls");
          tc && tc->is_array())
        for (const auto& d : tc->as_array())
          arguments += d.at("function").at("arguments").as_string();
  CHECK(calls.calls()[0].function.arguments == arguments);
}

TEST_CASE("n=2 streams two choices, each with its own text") {
  UpstreamDouble upstream({"api.fireworks.ai"});
  const auto& entry = find_capture("235c36771a8a.json");
  REQUIRE(entry.request_body().at("n") == 2);
  auto client = upstream.client("inference=fireworks", environment_for(entry));
  const auto r = issue_call(client, entry);
  std::map<int, std::string> text;
  for (const auto& chunk : r.chat_chunks)
    for (const auto& c : chunk.choices) text[c.index] += c.delta.content.value_or("");
  REQUIRE(text.size() == 2);
  CHECK(!text[0].empty());
  CHECK(!text[1].empty());
}

TEST_CASE("vllm: guided choice passes through as the Python stack sends it") {
  UpstreamDouble upstream({"localhost:8000"});
  const auto& entry =
      find_capture("f02f1bfd75adaea87b91dedc59430b99015b5ed0e2bbf24418a31146ffcbca9b.json");
  auto client = upstream.client("inference=vllm", environment_for(entry));
  client.models.register_model("vllm/Qwen/Qwen3-0.6B", "vllm", "Qwen/Qwen3-0.6B");
  // The caller's form: the choices as a top-level parameter (what the Python
  // client's extra_body puts there).
  const auto r = client.completions.create({{"model", "vllm/Qwen/Qwen3-0.6B"},
                                            {"prompt", entry.request_body().at("prompt")},
                                            {"stream", false},
                                            {"guided_choice", json::array{"joy", "sadness"}}});
  const std::string recorded(
      entry.capture.response_body.at("choices").at(0).at("text").as_string());
  REQUIRE(r.choices.size() == 1);
  CHECK(r.choices[0].text == recorded);
  CHECK((recorded == "joy" || recorded == "sadness"));
  CHECK(upstream.upstream->unmatched_requests().size() <= 1);  // discovery only
}

TEST_CASE("vllm: models are discovered from GET /v1/models with their context length") {
  UpstreamDouble upstream({"localhost:8000"});
  Environment env = Environment::isolated();
  env.set("VLLM_URL", "http://localhost:8000/v1");
  auto client = upstream.client("inference=vllm", env);
  const auto model = client.models.retrieve("vllm/Qwen/Qwen3-0.6B");
  CHECK(model.model_type == "llm");
  CHECK(model.metadata.at("context_length") == 4096);  // the capture's max_model_len
  CHECK(upstream.http->requests().at(0).url == "http://localhost:8000/v1/models");
}

TEST_CASE("databricks embeddings: every vector has the model's 1024 dimensions") {
  UpstreamDouble upstream({"__databricks__"});
  int checked = 0;
  for (const auto& entry : corpus()) {
    if (entry.provider_id != "databricks" || entry.kind != CallKind::embeddings) continue;
    auto client = upstream.client("inference=databricks", environment_for(entry));
    const auto r = issue_call(client, entry);
    REQUIRE(!r.embeddings->data.empty());
    for (const auto& e : r.embeddings->data) CHECK(e.values().size() == 1024);
    ++checked;
  }
  CHECK(checked > 0);
}

TEST_CASE("azure: api_version is sent as the api-version query parameter") {
  UpstreamDouble upstream({"shan-mfbb618r-eastus2.cognitiveservices.azure.com"});
  const auto& entry = find_capture("0fda25b9241c.json");
  Environment env = environment_for(entry);
  env.set("AZURE_API_VERSION", "preview");
  auto client = upstream.client("inference=azure", env);
  const auto r = issue_call(client, entry);
  CHECK(json_near(r.raw(), entry.capture.response_body));
  CHECK(upstream.http->requests().back().url ==
        "https://shan-mfbb618r-eastus2.cognitiveservices.azure.com/openai/v1/chat/completions"
        "?api-version=preview");
}

TEST_CASE("an upstream 4xx becomes an UpstreamError with provider id, status and message") {
  UpstreamDouble upstream({"api.together.xyz"});
  const auto& entry = find_capture("0c1f45455d3b.json");
  auto client = upstream.client("inference=together", environment_for(entry));
  client.models.register_model("m", "together", "meta-llama/Llama-3.3-70B-Instruct-Turbo-Free");
  upstream.upstream->fail_next(
      401,
      R"({"error": {"message": "Invalid API key provided", "type": "invalid_request_error"}})");
  try {
    client.chat.completions.create(
        {{"model", "m"}, {"messages", entry.request_body().at("messages")}});
    FAIL("expected an UpstreamError");
  } catch (const UpstreamError& e) {
    CHECK(e.provider_id() == "together");
    CHECK(e.status() == 401);
    CHECK(e.upstream_message() == "Invalid API key provided");
  }
}

TEST_CASE("a refused connection names the URL and the variable that sets it") {
  Environment env = Environment::isolated();
  env.set("VLLM_URL", "http://127.0.0.1:9/v1");  // port 9 (discard): nothing listens
  ClientOptions options;
  options.env = env;
  auto client = LlamaStackClient::from_config("inference=vllm", options);
  REQUIRE(client.stack().warnings().size() == 1);
  client.models.register_model("m", "vllm", "Qwen/Qwen3-0.6B");
  const std::string error = error_of([&] {
    client.completions.create({{"model", "m"}, {"prompt", "hi"}});
  });
  CHECK(contains(error, "http://127.0.0.1:9/v1/completions"));
  CHECK(contains(error, "VLLM_URL"));
  CHECK(contains(error, "provider 'vllm'"));
}

TEST_CASE("starter loads with an empty environment; keyless providers refuse calls clearly") {
  ClientOptions options;
  options.env = Environment::isolated();
  auto client = LlamaStackClient::from_config("starter", options);
  std::set<std::string> running;
  for (const auto& p : client.providers.list())
    if (p.running && p.api == "inference") running.insert(p.provider_id);
  CHECK(running == std::set<std::string>{"anthropic", "fireworks", "gemini", "groq", "openai",
                                         "sambanova", "together"});
  CHECK(client.stack().runs("safety", "llama-guard"));
  // Discovery without a key fails before any request, as a warning.
  CHECK(client.stack().warnings().size() == running.size());
  client.models.register_model("gpt", "openai", "gpt-4o");
  const std::string error = error_of([&] {
    client.chat.completions.create(
        {{"model", "gpt"}, {"messages", json::array{{{"role", "user"}, {"content", "hi"}}}}});
  });
  CHECK(contains(error, "provider 'openai'"));
  CHECK(contains(error, "'api_key'"));
  CHECK(contains(error, "OPENAI_API_KEY"));
  CHECK(contains(error, "openai_api_key"));
}

namespace {

// The capture's streamed chat call made on the stack's inference router with
// `request`, the context a route hands it; answers the chunks.
json::array stream_on_router(LlamaStackClient& client, const CorpusEntry& entry,
                             const RequestContext& request) {
  json::object params = entry.request_body();
  params["model"] = stack_model_id(entry);
  auto stream =
      client.stack().api<InferenceApi>("inference").chat_completion_stream(request, params);
  json::array chunks;
  while (auto chunk = stream->next()) chunks.push_back(std::move(*chunk));
  return chunks;
}

// A client of remote::openai without OPENAI_API_KEY, knowing the capture's model.
LlamaStackClient keyless_openai(UpstreamDouble& upstream, const CorpusEntry& entry) {
  auto client = upstream.client("inference=openai", Environment::isolated());
  client.models.register_model(stack_model_id(entry), entry.provider_id,
                               std::string(entry.request_body().at("model").as_string()));
  return client;
}

constexpr const char* kStreamedChat =
    "224f7e7bd332f0ada326039866d13b7f167d5bfa91ce752022010f1e885d869f.json";

}  // namespace

TEST_CASE("a key sent in a request's provider data is used for that request, not the next") {
  UpstreamDouble upstream({"api.openai.com"});
  const auto& entry = find_capture(kStreamedChat);
  auto client = keyless_openai(upstream, entry);
  const RequestContext keyed(json::object{{"openai_api_key", "sk-from-provider-data"}});
  CHECK(json_near(stream_on_router(client, entry, keyed), entry.capture.response_body));
  CHECK(sent_header(upstream.http->requests().back(), "Authorization") ==
        "Bearer sk-from-provider-data");
  // The next request on this thread carries no provider data: no key is left of the last one.
  CHECK(contains(error_of([&] { stream_on_router(client, entry, RequestContext{}); }),
                 "OPENAI_API_KEY"));
}

TEST_CASE("two requests' contexts used in turn on one provider each send their own key") {
  UpstreamDouble upstream({"api.openai.com"});
  const auto& entry = find_capture(kStreamedChat);
  auto client = keyless_openai(upstream, entry);
  const RequestContext alice(json::object{{"openai_api_key", "sk-alice"}});
  const RequestContext bob(json::object{{"openai_api_key", "sk-bob"}});
  std::vector<std::string> sent;
  for (const RequestContext* request : {&alice, &bob, &alice, &bob}) {
    stream_on_router(client, entry, *request);
    sent.push_back(sent_header(upstream.http->requests().back(), "Authorization"));
  }
  CHECK(sent == std::vector<std::string>{"Bearer sk-alice", "Bearer sk-bob", "Bearer sk-alice",
                                         "Bearer sk-bob"});
}

TEST_CASE("provider data through the public client: per client, and per call over it") {
  UpstreamDouble upstream({"api.openai.com"});
  const auto& entry =
      find_capture("224f7e7bd332f0ada326039866d13b7f167d5bfa91ce752022010f1e885d869f.json");
  auto client = upstream.client("inference=openai", Environment::isolated());  // no OPENAI_API_KEY
  client.set_provider_data({{"openai_api_key", "sk-client-wide"}});
  CHECK(json_near(issue_call(client, entry).raw(), entry.capture.response_body));
  CHECK(sent_header(upstream.http->requests().back(), "Authorization") == "Bearer sk-client-wide");
  // A call's own provider data wins over the client's, for that call only.
  RequestOptions per_call;
  per_call.provider_data = {{"openai_api_key", "sk-this-call"}};
  issue_call(client, entry, per_call);
  CHECK(sent_header(upstream.http->requests().back(), "Authorization") == "Bearer sk-this-call");
  issue_call(client, entry);
  CHECK(sent_header(upstream.http->requests().back(), "Authorization") == "Bearer sk-client-wide");
  client.set_provider_data({});
  CHECK(contains(error_of([&] { issue_call(client, entry); }), "OPENAI_API_KEY"));
}

TEST_CASE("parameters an upstream rejects, and operations it lacks, fail before sending") {
  UpstreamDouble upstream({"api.together.xyz", "api.cerebras.ai"});
  Environment env = Environment::isolated();
  env.set("TOGETHER_API_KEY", "k");
  env.set("CEREBRAS_API_KEY", "k");
  auto client = upstream.client("inference=together,inference=cerebras", env);
  client.models.register_model("bge", "together", "BAAI/bge-base-en-v1.5", "embedding");
  client.models.register_model("c-embed", "cerebras", "some-model", "embedding");
  const auto before = upstream.http->requests().size();
  CHECK(contains(error_of([&] {
                   client.embeddings.create({{"model", "bge"}, {"input", "x"}, {"user", "u"}});
                 }),
                 "parameter 'user'"));
  CHECK_THROWS_AS(client.embeddings.create({{"model", "c-embed"}, {"input", "x"}}),
                  UnsupportedError);
  CHECK(upstream.http->requests().size() == before);
}

TEST_CASE("model lists captured for hosted providers are discovered") {
  for (const auto& [provider, host] : std::vector<std::pair<std::string, std::string>>{
           {"fireworks", "api.fireworks.ai"},
           {"nvidia", "integrate.api.nvidia.com"},
           {"gemini", "generativelanguage.googleapis.com"},
           {"openai", "api.openai.com"}}) {
    INFO(provider);
    UpstreamDouble upstream({host});
    CorpusEntry probe;
    probe.provider_id = provider;
    auto client = upstream.client("inference=" + provider, environment_for(probe));
    CHECK(client.stack().warnings().empty());
    std::size_t listed = 0;
    for (const auto& m : client.models.list()) listed += m.provider_id == provider;
    CHECK(listed > 10);
  }
}
