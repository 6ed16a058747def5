// remote::ollama end to end through the in-process library client.
// The upstream is CaptureUpstream: a loopback test double that answers only
// from real exchanges captured from an Ollama server (testsuite/fixtures/
// captures, MIT). No real Ollama runs here; every expected answer below is
// read from the capture file, never written by hand.
#include "stack/client/library_client.hpp"
#include "testsuite/inference/support/loopback_double.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/unit/inference/support/call_replay.hpp"
#include "testsuite/upstream/capture_upstream.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
using llama_stack::testing::CaptureUpstream;
using llama_stack::testing::error_of;
using llama_stack::testing::read_capture_file;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const fs::path kCaptures = llama_stack::testing::fixture_dir() / "captures";
const char* const kTextModel = "ollama/llama3.2:3b-instruct-fp16";

struct OllamaDouble {
  CaptureUpstream upstream{{kCaptures}};
  OllamaDouble() {
    upstream.only_hosts({"0.0.0.0:11434", "localhost:11434"});
    upstream.start();
  }
};

ClientOptions options_for(const std::string& ollama_url) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set("OLLAMA_URL", ollama_url);
  return options;
}

// The captured request body, with the model named as the stack knows it.
// A capture of testsuite/fixtures/captures/inference, by its hash.
llama_stack::testing::CaptureFile inference_capture(std::string_view hash) {
  return read_capture_file(kCaptures / "inference" / (std::string(hash) + ".json"));
}

json::object params_of(const llama_stack::testing::CaptureFile& capture) {
  json::object params = capture.request.at("body").as_object();
  params["model"] = std::string("ollama/") + std::string(params.at("model").as_string());
  return params;
}

std::string content_of_chunks(const json::array& chunks) {
  std::string text;
  for (const auto& c : chunks)
    for (const auto& choice : c.at("choices").as_array())
      if (const auto* content = choice.at("delta").as_object().if_contains("content");
          content && content->is_string())
        text += content->as_string();
  return text;
}

}  // namespace

TEST_CASE("ollama chat completion, non-streaming, through the ad-hoc stack") {
  OllamaDouble ollama;
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(ollama.upstream.url()));
  const auto capture = inference_capture("b25e641e43bf2d8fd5729a97ac478122d328f6459b179d5ab2ffcadfc6ce02c3");
  const auto& expected = capture.response_body.as_object();

  auto response = client.chat.completions.create(params_of(capture));

  REQUIRE(response.choices.size() == 1);
  REQUIRE(response.choices[0].message.content.has_value());
  CHECK(!response.choices[0].message.content->empty());
  CHECK(*response.choices[0].message.content ==
        expected.at("choices").at(0).at("message").at("content").as_string());
  CHECK(response.choices[0].finish_reason ==
        std::string(expected.at("choices").at(0).at("finish_reason").as_string()));
  CHECK(response.model == expected.at("model").as_string());
  REQUIRE(response.usage.has_value());
  CHECK(response.usage->total_tokens == expected.at("usage").at("total_tokens").as_int64());
  // Nothing the upstream sent is lost on the way.
  CHECK(response.raw == expected);
  CHECK(ollama.upstream.unmatched_requests().empty());
}

TEST_CASE("ollama chat completion, streaming, chunk by chunk") {
  OllamaDouble ollama;
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(ollama.upstream.url()));
  const auto capture = inference_capture("42ad86f93eda42a3a73cddb74e533217ddcff6366b52a52718b86148f0e16a7c");
  REQUIRE(capture.is_streaming);
  const auto& expected_chunks = capture.response_body.as_array();

  json::object params = params_of(capture);
  params.erase("stream");  // stream() sets it, as the captured request has it
  std::size_t received = 0;
  std::string text;
  std::optional<std::string> finish;
  for (const auto& chunk : client.chat.completions.stream(params)) {
    REQUIRE(received < expected_chunks.size());
    CHECK(chunk.raw == expected_chunks[received].as_object());
    for (const auto& c : chunk.choices) {
      if (c.delta.content) text += *c.delta.content;
      if (c.finish_reason) finish = c.finish_reason;
    }
    ++received;
  }
  CHECK(received == expected_chunks.size());
  CHECK(!text.empty());
  CHECK(text == content_of_chunks(expected_chunks));
  CHECK(finish == std::string("stop"));
  CHECK(ollama.upstream.unmatched_requests().empty());
}

TEST_CASE("the starter distribution enables ollama from OLLAMA_URL and discovers its models") {
  OllamaDouble ollama;
  auto client = LlamaStackClient::from_config("starter", options_for(ollama.upstream.url()));
  bool text_model = false;
  bool embedding_model = false;
  for (const auto& m : client.models.list()) {
    if (m.identifier == kTextModel) text_model = m.model_type == "llm";
    if (m.identifier == "ollama/nomic-embed-text:latest")
      embedding_model = m.model_type == "embedding" && m.metadata.at("embedding_dimension") == 768;
  }
  CHECK(text_model);
  CHECK(embedding_model);
  bool ollama_running = false;
  for (const auto& p : client.providers.list())
    if (p.provider_id == "ollama") ollama_running = p.running && p.provider_type == "remote::ollama";
  CHECK(ollama_running);
}

TEST_CASE("without OLLAMA_URL the starter distribution leaves ollama out") {
  ClientOptions options;
  options.env = Environment::isolated();
  auto client = LlamaStackClient::from_config("starter", options);
  for (const auto& p : client.providers.list()) CHECK(p.provider_id != "ollama");
}

TEST_CASE("an upstream error becomes an UpstreamError with provider and status") {
  OllamaDouble ollama;
  auto client = LlamaStackClient::from_config("inference=ollama", options_for(ollama.upstream.url()));
  json::object params{{"model", kTextModel},
                      {"messages", json::array{json::object{
                                       {"role", "user"}, {"content", "a prompt nobody captured"}}}}};
  try {
    client.chat.completions.create(params);
    FAIL("expected an UpstreamError");
  } catch (const UpstreamError& e) {
    CHECK(e.provider_id() == "ollama");
    CHECK(e.status() == 501);
    CHECK(std::string(e.what()).find("no capture matches") != std::string::npos);
  }
  CHECK(ollama.upstream.unmatched_requests().size() == 1);
}

TEST_CASE("an unreachable Ollama names the URL and the variable that sets it") {
  // Port 9 (discard) on loopback: nothing listens there.
  auto client = LlamaStackClient::from_config("inference=ollama", options_for("http://127.0.0.1:9"));
  REQUIRE(client.stack().warnings().size() == 1);
  CHECK(client.stack().warnings()[0].find("could not list models") != std::string::npos);
  client.models.register_model("m", "ollama", "llama3.2:3b-instruct-fp16");
  json::object params{{"model", "m"},
                      {"messages", json::array{json::object{{"role", "user"}, {"content", "hi"}}}}};
  try {
    client.chat.completions.create(params);
    FAIL("expected a ConnectionError");
  } catch (const ConnectionError& e) {
    const std::string what = e.what();
    CHECK(what.find("http://127.0.0.1:9") != std::string::npos);
    CHECK(what.find("OLLAMA_URL") != std::string::npos);
    CHECK(what.find("provider 'ollama'") != std::string::npos);
  }
}

namespace {



}  // namespace

TEST_CASE("every captured Ollama call replays through the client, answered whole") {
  using namespace llama_stack::testing;
  UpstreamDouble upstream({"0.0.0.0:11434", "localhost:11434"});
  std::map<std::string, LlamaStackClient> clients;  // one per recorded base URL
  std::map<std::string, int> calls;
  for (const auto& entry : load_corpus(kCaptures)) {
    if (entry.provider_id != "ollama" || !entry.exclusion.empty()) continue;
    if (entry.kind != CallKind::chat && entry.kind != CallKind::completion &&
        entry.kind != CallKind::embeddings)
      continue;
    // CaptureUpstream finds captures by their recorded endpoint, which for
    // these is not the route called (the fidelity test covers them).
    if (!entry.endpoint_artefact.empty()) continue;
    INFO(entry.name());
    auto it = clients.find(entry.base_url);
    if (it == clients.end())
      it = clients
               .emplace(entry.base_url, upstream.client("inference=ollama", environment_for(entry)))
               .first;
    const CallOutcome r = try_issue_call(it->second, entry);
    REQUIRE_MESSAGE(r.error.empty(), r.error);
    CHECK(is_recorded_response(entry, r.result.raw()));
    ++calls[std::string(kind_name(entry.kind)) + (entry.capture.is_streaming ? " stream" : "")];
  }
  CHECK(calls["chat completion"] > 0);
  CHECK(calls["chat completion stream"] > 0);
  CHECK(calls["completion"] > 0);
  CHECK(calls["completion stream"] > 0);
  CHECK(calls["embeddings"] > 0);
  for (const auto& unmatched : upstream.upstream->unmatched_requests())
    CHECK_MESSAGE(unmatched.starts_with("GET "), unmatched);
}

TEST_CASE("ollama structured output: a json_schema response_format yields schema-shaped JSON") {
  using namespace llama_stack::testing;
  UpstreamDouble upstream({"0.0.0.0:11434"});
  const auto& entry =
      find_capture("fec22760875c460a453f839c1be6691e0fd8c546f68d07f7dfcfc6223de97207.json");
  const json::value& format = entry.request_body().at("response_format");
  REQUIRE(format.at("type") == "json_schema");
  auto client = upstream.client("inference=ollama", environment_for(entry));
  const auto r = issue_call(client, entry);
  REQUIRE(r.chat->choices.at(0).message.content.has_value());
  const json::value answer = json::parse(*r.chat->choices[0].message.content);
  for (const auto& required : format.at("json_schema").at("schema").at("required").as_array())
    CHECK(answer.as_object().contains(required.as_string()));
  CHECK(upstream.upstream->unmatched_requests().size() <= 1);  // discovery only
}

TEST_CASE("ollama vision: an image sent as a data URI content part") {
  using namespace llama_stack::testing;
  UpstreamDouble upstream({"0.0.0.0:11434"});
  const auto& entry =
      find_capture("02fba1826ee7c9b9318645bf6e4514d57cf09e34e40fb2745da54227220ccf35.json");
  const auto& parts = entry.request_body().at("messages").at(0).at("content").as_array();
  REQUIRE(std::any_of(parts.begin(), parts.end(), [](const json::value& p) {
    return p.at("type") == "image_url" &&
           p.at("image_url").at("url").as_string().starts_with("data:image/png;base64,");
  }));
  auto client = upstream.client("inference=ollama", environment_for(entry));
  const auto r = issue_call(client, entry);
  CHECK(json_near(r.chat->raw, entry.capture.response_body));
  REQUIRE(r.chat->choices.at(0).message.content.has_value());
  CHECK(!r.chat->choices[0].message.content->empty());
}

TEST_CASE("ollama embeddings: float, base64, dimensions and user as captured") {
  using namespace llama_stack::testing;
  UpstreamDouble upstream({"0.0.0.0:11434"});
  const auto& dims =
      find_capture("1774e408dada8623a932f20fd67ab722cbff2a2213309d8a33ec2ed5a444e5d4.json");
  auto client = upstream.client("inference=ollama", environment_for(dims));
  const auto r = issue_call(client, dims);
  REQUIRE(r.embeddings->data.size() == 1);
  CHECK(r.embeddings->data[0].values().size() ==
        static_cast<std::size_t>(dims.request_body().at("dimensions").as_int64()));
  const auto& user =
      find_capture("2efc033e9a1b66980245aabc44b6d7fe2509aafa52d6aa19eee2cde5245cd3b9.json");
  REQUIRE(user.request_body().at("encoding_format") == "base64");
  const auto u = issue_call(client, user);
  CHECK(u.embeddings->data.at(0).values().size() ==
        user.capture.response_body.at("data").at(0).at("embedding").as_array().size());
  CHECK(u.embeddings->usage.has_value());
}

TEST_CASE("bad inference requests fail clearly before reaching Ollama") {
  OllamaDouble ollama;
  auto client =
      LlamaStackClient::from_config("inference=ollama", options_for(ollama.upstream.url()));
  const auto served = ollama.upstream.requests_served();
  const json::object no_input{{"model", "ollama/nomic-embed-text:latest"},
                              {"input", json::array{}}};
  CHECK(error_of([&] { client.embeddings.create(no_input); }).find("parameter 'input'") !=
        std::string::npos);
  CHECK_THROWS_AS(client.embeddings.create(no_input), InvalidRequestError);
  const std::string unknown = error_of([&] {
    client.embeddings.create({{"model", "ollama/no-such-model"}, {"input", "x"}});
  });
  CHECK(unknown.find("no-such-model") != std::string::npos);
  CHECK(unknown.find("ollama/nomic-embed-text:latest") != std::string::npos);  // the known ones
  CHECK_THROWS_AS(client.embeddings.create({{"model", "ollama/no-such-model"}, {"input", "x"}}),
                  NotFoundError);
  CHECK_THROWS_AS(
      client.chat.completions.create({{"model", kTextModel}, {"messages", json::array{}}}),
      InvalidRequestError);
  CHECK(ollama.upstream.requests_served() == served);
}

TEST_CASE("ollama model_discovery accepts openai or tags, and says so otherwise") {
  const std::string error = error_of([] {
    llama_stack::RunConfig config;
    config.providers.push_back({"inference", "ollama", "remote::ollama",
                                {{"url", "http://127.0.0.1:9"}, {"model_discovery", "bogus"}}});
    StackOptions options;
    options.env = Environment::isolated();
    LlamaStackClient client(Stack::create(config, options));
  });
  CHECK(error.find("model_discovery") != std::string::npos);
  CHECK(error.find("provider 'ollama'") != std::string::npos);
}

TEST_CASE("an upstream error thrown by the plugin can outlive the client that loaded it") {
  // The exception's type info and destructor live in the provider's shared
  // object; the stack must keep plugins mapped after it is gone.
  OllamaDouble ollama;
  int status = 0;
  try {
    auto client = LlamaStackClient::from_config("inference=ollama", options_for(ollama.upstream.url()));
    client.chat.completions.create(
        {{"model", kTextModel},
         {"messages", json::array{json::object{{"role", "user"}, {"content", "nobody captured this"}}}}});
  } catch (const UpstreamError& e) {
    status = e.status();
  }
  CHECK(status == 501);
}
