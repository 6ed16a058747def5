// Every run config of the Python Llama Stack at 007efa6eb, and the newer
// config.yaml format, builds a stack with the built-in plugins: the
// providers we have plugins for run, every other one is listed as not
// running with the reason, and nothing is fatal. No network: the outbound
// client here refuses every call (model discovery then only warns).
#include "stack/client/library_client.hpp"
#include "stack/config/run_config.hpp"
#include "stack/core/stack.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <mutex>
#include <set>

using namespace llama_stack;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

const fs::path kFixtures = "testsuite/fixtures/distributions";

// Refuses every call and remembers the URLs asked for.
class RefusingHttpClient final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& request) override { refuse(request); }
  StreamResponse open_stream(const HttpRequest& request, StreamFormat) override { refuse(request); }
  std::vector<std::string> urls() const {
    std::lock_guard lock(mutex_);
    return urls_;
  }

 private:
  [[noreturn]] void refuse(const HttpRequest& request) {
    {
      std::lock_guard lock(mutex_);
      urls_.push_back(request.url);
    }
    throw ConnectionError(request.url, "cannot connect to " + request.url + ": refused (test double)");
  }
  mutable std::mutex mutex_;
  std::vector<std::string> urls_;
};

struct Expected {
  std::string file;
  std::vector<std::string> required;  // set to a value each
  std::set<std::string> running;      // "api/provider_id"
};

std::set<std::string> inference(std::initializer_list<const char*> ids) {
  std::set<std::string> out;
  for (const char* id : ids) out.insert(std::string("inference/") + id);
  return out;
}

// The web search tool runtimes every config but nvidia's lists, besides `running`.
std::set<std::string> with_web_search(std::set<std::string> running) {
  running.insert({"tool_runtime/brave-search", "tool_runtime/tavily-search"});
  return running;
}

// remote::model-context-protocol, which every config but dell's and nvidia's lists.
std::set<std::string> with_mcp(std::set<std::string> running) {
  running.insert("tool_runtime/model-context-protocol");
  return running;
}

// `running` and the files API's provider `id` (inline::localfs).
std::set<std::string> with_files(std::set<std::string> running, const char* id = "meta-reference-files") {
  running.insert(std::string("files/") + id);
  return running;
}

// inline::llama-guard runs where an inference provider does.
std::set<std::string> with_guard(std::set<std::string> running) {
  running.insert("safety/llama-guard");
  return running;
}

std::set<std::string> with(std::set<std::string> running, std::initializer_list<const char*> more) {
  running.insert(more.begin(), more.end());
  return running;
}

const std::set<std::string> kStarterRunning =
    with(with_guard(with_files(with_web_search(inference(
             {"fireworks", "together", "openai", "anthropic", "gemini", "groq", "sambanova"})))),
         {"vector_io/faiss", "vector_io/sqlite-vec", "tool_runtime/rag-runtime",
          "tool_runtime/model-context-protocol"});

struct Built {
  std::unique_ptr<Stack> stack;
  std::shared_ptr<RefusingHttpClient> http;
};

Built build(const fs::path& file, const Environment& env) {
  Built b;
  b.http = std::make_shared<RefusingHttpClient>();
  StackOptions options;
  options.env = env;
  options.http = b.http;
  b.stack = Stack::create(load_run_config(file, env), ProviderRegistry::discover(env), options);
  return b;
}

// A run config with one inference provider whose config block is `config`
// (YAML lines, indented by the caller's "      ").
std::string one_provider_yaml(const std::string& id, const std::string& type,
                              const std::string& config) {
  return "version: 2\nimage_name: t\napis: [inference]\nproviders:\n  inference:\n"
         "  - provider_id: " + id + "\n    provider_type: " + type + "\n    config:\n" + config;
}

// The ProviderConfigError building a one-provider stack from `yaml` gives.
ProviderConfigError config_error_of(const std::string& yaml, const std::string& source) {
  const Environment env = Environment::isolated();
  StackOptions options;
  options.env = env;
  options.http = std::make_shared<RefusingHttpClient>();
  RunConfig config = parse_run_config(yaml, source, env);
  config.source = source;
  try {
    Stack::create(std::move(config), ProviderRegistry::discover(env), options);
  } catch (const ProviderConfigError& e) {
    return e;
  }
  FAIL("expected a ProviderConfigError");
  return ProviderConfigError("", "", "");
}

}  // namespace

TEST_CASE("every Python distribution config builds a stack: ours run, the rest are listed") {
  const std::vector<Expected> all{
      {"python/ci-tests/run.yaml", {}, kStarterRunning},
      {"python/starter/run.yaml", {}, kStarterRunning},
      {"python/starter-gpu/run.yaml", {}, kStarterRunning},
      {"python/dell/run.yaml", {"DEH_URL", "INFERENCE_MODEL"}, with_guard(with_web_search(inference({"tgi0"})))},
      {"python/dell/run-with-safety.yaml", {"DEH_SAFETY_URL", "DEH_URL", "INFERENCE_MODEL", "SAFETY_MODEL"},
       with_guard(with_web_search(inference({"tgi0", "tgi1"})))},
      {"python/meta-reference-gpu/run.yaml", {"INFERENCE_MODEL"}, with_mcp(with_web_search({}))},
      {"python/meta-reference-gpu/run-with-safety.yaml", {"INFERENCE_MODEL", "SAFETY_MODEL"}, with_mcp(with_web_search({}))},
      {"python/nvidia/run.yaml", {}, with(with_files(inference({"nvidia"})), {"vector_io/faiss", "tool_runtime/rag-runtime"})},
      {"python/nvidia/run-with-safety.yaml", {"INFERENCE_MODEL", "SAFETY_MODEL"},
       with(with_files(inference({"nvidia"})), {"vector_io/faiss", "tool_runtime/rag-runtime"})},
      {"python/open-benchmark/run.yaml", {}, with_mcp(with(with_guard(with_web_search(inference({"openai", "anthropic", "gemini", "groq", "together"}))), {"vector_io/sqlite-vec", "tool_runtime/rag-runtime"}))},
      {"python/postgres-demo/run.yaml", {"INFERENCE_MODEL"}, with_mcp(with_guard(with_web_search(inference({"vllm-inference"}))))},
      {"python/watsonx/run.yaml", {}, with_mcp(with_files(with_web_search({})))},
      {"python-newer-format/starter.config.yaml", {},
       with(with_guard(with_files(with_web_search(inference({"fireworks", "together", "openai",
                                                             "anthropic", "gemini", "groq",
                                                             "sambanova"})),
                                  "builtin-files")),
            {"vector_io/faiss", "vector_io/sqlite-vec", "tool_runtime/model-context-protocol"})},
  };
  for (const auto& expected : all) {
    CAPTURE(expected.file);
    Environment env = Environment::isolated();
    for (const auto& var : expected.required)
      env.set(var, var.ends_with("_URL") ? "http://127.0.0.1:9" : "value-of-" + var);
    Built b;
    REQUIRE_NOTHROW(b = build(kFixtures / expected.file, env));
    std::set<std::string> running;
    for (const auto& p : b.stack->providers()) {
      CAPTURE(p.provider_id);
      if (p.running) {
        running.insert(p.api + "/" + p.provider_id);
        continue;
      }
      // A reason that names what is missing.
      CHECK(p.problem.find("'" + p.provider_type + "'") != std::string::npos);
    }
    CHECK(running == expected.running);
    CHECK(b.stack->providers().size() == b.stack->config().providers.size());
  }
}

// Its files metadata store is postgres, which inline::localfs cannot use.
TEST_CASE("a Python config whose files store is postgres is refused, naming the provider and store") {
  std::string error;
  try {
    build(kFixtures / "python-newer-format/starter.run-with-postgres-store.yaml", Environment::isolated());
  } catch (const ConfigError& e) {
    error = e.what();
  }
  CHECK(error.find("provider 'builtin-files': metadata_store: type 'postgres' is not supported") !=
        std::string::npos);
}

// Its inference_store is postgres: inference still runs, and the stored
// completions' routes say why there are none.
TEST_CASE("postgres-demo: a postgres inference store leaves inference running; its routes say why") {
  Environment env = Environment::isolated();
  env.set("INFERENCE_MODEL", "value-of-INFERENCE_MODEL");
  LlamaStackClient client(build(kFixtures / "python/postgres-demo/run.yaml", env).stack);
  for (const char* route : {"/v1/chat/completions", "/v1/chat/completions/{completion_id}"}) {
    CAPTURE(route);
    std::string error;
    try {
      client.call("GET", route, RouteRequest(ParamMap{{"completion_id", "chatcmpl-1"}}));
    } catch (const UnsupportedError& e) {
      error = e.what();
    }
    CHECK(error.find("stores no chat completions: inference_store: type 'postgres' is not "
                     "supported") != std::string::npos);
  }
}

TEST_CASE("one provider type under several APIs is looked up per API (nvidia)") {
  auto b = build(kFixtures / "python/nvidia/run.yaml", Environment::isolated());
  std::map<std::string, const ProviderStatus*> by_api;
  for (const auto& p : b.stack->providers())
    if (p.provider_type == "remote::nvidia") by_api[p.api] = &p;
  REQUIRE(by_api.size() == 5);  // inference, safety, eval, post_training, datasetio
  CHECK(by_api.at("inference")->running);
  for (const char* api : {"safety", "eval", "post_training", "datasetio"}) {
    CAPTURE(api);
    CHECK_FALSE(by_api.at(api)->running);
    CHECK(by_api.at(api)->problem.find("no plugin provides provider_type 'remote::nvidia' for API '" +
                                       std::string(api) + "' (its plugins serve: inference)") !=
          std::string::npos);
  }
}

TEST_CASE("the newer format's base_url is the provider's URL, not ignored") {
  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://127.0.0.1:9/v1");
  auto b = build(kFixtures / "python-newer-format/starter.config.yaml", env);
  bool ollama_runs = false;
  for (const auto& p : b.stack->providers()) ollama_runs |= p.provider_id == "ollama" && p.running;
  REQUIRE(ollama_runs);
  // Model discovery asked the configured server, not the default one.
  bool asked = false;
  for (const auto& url : b.http->urls()) {
    CHECK(url.find("localhost:11434") == std::string::npos);
    asked |= url.starts_with("http://127.0.0.1:9/");
  }
  CHECK(asked);
}

TEST_CASE("a mistyped provider key is refused naming it and the known keys") {
  const std::string yaml = one_provider_yaml(
      "vllm", "remote::vllm", "      url: http://127.0.0.1:9/v1\n      tls_verfy: false\n");
  const ProviderConfigError e = config_error_of(yaml, "typo.yaml");
  CHECK(e.provider_id() == "vllm");
  CHECK(e.key() == "tls_verfy");
  const std::string what = e.what();
  CHECK(what.find("typo.yaml") != std::string::npos);
  CHECK(what.find("unknown key; this provider's keys are: url, max_tokens, api_token, tls_verify") !=
        std::string::npos);
}

TEST_CASE("a secret of the wrong type is refused without echoing it") {
  const std::string yaml =
      one_provider_yaml("openai", "remote::openai", "      api_key: [sk-verysecret-1234]\n");
  const ProviderConfigError e = config_error_of(yaml, "secret.yaml");
  CHECK(e.key() == "api_key");
  CHECK(std::string(e.what()).find("sk-verysecret") == std::string::npos);
}

TEST_CASE("numbers in provider config are range-checked (a huge timeout overflowed)") {
  auto yaml_with = [](const std::string& line) {
    return one_provider_yaml("vllm", "remote::vllm",
                             "      url: http://127.0.0.1:9/v1\n      " + line + "\n");
  };
  for (const std::string line : {"timeout: 9223372036854775807", "timeout: 0", "timeout: -5",
                                 "network: {timeout: 9223372036854775807}"}) {
    CAPTURE(line);
    const ProviderConfigError e = config_error_of(yaml_with(line), "range.yaml");
    CHECK(e.key() == "timeout");
    CHECK(std::string(e.what()).find("expected a number of seconds from 1 to 86400") != std::string::npos);
  }
  const ProviderConfigError tokens = config_error_of(yaml_with("max_tokens: 9223372036854775807"), "range.yaml");
  CHECK(tokens.key() == "max_tokens");
}

TEST_CASE("a URL without a scheme is refused without echoing its password") {
  const std::string yaml =
      one_provider_yaml("vllm", "remote::vllm", "      url: user:s3cretPassw0rd@host:8080/v1\n");
  const ProviderConfigError e = config_error_of(yaml, "url.yaml");
  CHECK(e.key() == "url");
  const std::string what = e.what();
  CHECK(what.find("s3cretPassw0rd") == std::string::npos);
  CHECK(what.find("'<redacted>@host:8080/v1'") != std::string::npos);
}
