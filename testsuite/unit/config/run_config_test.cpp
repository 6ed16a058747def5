#include "stack/config/run_config.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <map>

using config_test::config_error;
using config_test::find_provider;
using config_test::fixture;
using llama_stack::Environment;
using llama_stack::load_run_config;
using llama_stack::parse_run_config;
using llama_stack::ProviderEntry;
using llama_stack::RunConfig;

namespace {

std::map<std::string, std::size_t> count_by_api(const std::vector<ProviderEntry>& entries) {
  std::map<std::string, std::size_t> counts;
  for (const auto& entry : entries) ++counts[entry.api];
  return counts;
}

RunConfig parse(std::string_view yaml, const Environment& env = Environment::isolated()) {
  return parse_run_config(yaml, "test.yaml", env);
}

// A part of a run config, made whole by an empty `apis:` at its end (so line
// numbers stay), for tests of one section.
RunConfig parse_fragment(std::string_view yaml, const Environment& env = Environment::isolated()) {
  return parse(std::string(yaml) + "apis: []\n", env);
}

// The text of `key` from a provider config, as JSON, for compact checks.
std::string json_of(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  REQUIRE_MESSAGE(value != nullptr, "missing key " << key);
  return boost::json::serialize(*value);
}

constexpr std::string_view kOneProvider = R"(version: 2
image_name: t
providers:
  inference:
  - provider_id: p
    provider_type: remote::x
    config:
)";

}  // namespace

TEST_CASE("starter run.yaml loads unchanged with an empty environment") {
  const auto file = fixture("distributions/starter.run.yaml");
  const RunConfig config = load_run_config(file, Environment::isolated());

  CHECK(config.source == file);
  CHECK(config.version == 2);
  CHECK(config.image_name == "starter");
  CHECK(config.apis.size() == 12);
  CHECK(config.apis.front() == "agents");
  CHECK(config.server_port == 8321);

  const std::map<std::string, std::size_t> enabled{
      {"agents", 1},  {"batches", 1},   {"datasetio", 2},     {"eval", 1},
      {"files", 1},   {"inference", 9}, {"post_training", 1}, {"safety", 2},
      {"scoring", 3}, {"telemetry", 1}, {"tool_runtime", 4},  {"vector_io", 2}};
  CHECK(count_by_api(config.providers) == enabled);
  const std::map<std::string, std::size_t> disabled{{"inference", 7}, {"vector_io", 3}};
  CHECK(count_by_api(config.disabled_providers) == disabled);
  CHECK(find_provider(config.disabled_providers, "inference", "remote::ollama") != nullptr);
  CHECK(find_provider(config.providers, "inference", "remote::ollama") == nullptr);
  for (const auto& entry : config.disabled_providers) CHECK(entry.provider_id.empty());

  // Enabled entries keep file order.
  CHECK(config.providers.front().provider_type == "remote::fireworks");
  CHECK(config.providers.front().provider_id == "fireworks");

  const auto* telemetry = find_provider(config.providers, "telemetry", "inline::meta-reference");
  REQUIRE(telemetry);
  const auto& telemetry_config = telemetry->config;
  REQUIRE(telemetry_config.at("service_name").is_string());
  CHECK(telemetry_config.at("service_name").as_string() == "\u200B");
  CHECK(telemetry_config.at("sinks").as_string() == "sqlite");
  CHECK(telemetry_config.at("sqlite_db_path").as_string() ==
        "~/.llama/distributions/starter/trace_store.db");
  CHECK(telemetry_config.at("otel_exporter_otlp_endpoint").is_null());

  // A disabled provider's config is still substituted and typed.
  const auto* vllm = find_provider(config.disabled_providers, "inference", "remote::vllm");
  REQUIRE(vllm);
  REQUIRE(vllm->config.at("max_tokens").is_int64());
  CHECK(vllm->config.at("max_tokens").as_int64() == 4096);
  REQUIRE(vllm->config.at("tls_verify").is_bool());
  CHECK(vllm->config.at("tls_verify").as_bool() == true);
  CHECK(vllm->config.at("api_token").as_string() == "fake");
  CHECK(vllm->config.at("url").is_null());

  const auto* fireworks = find_provider(config.providers, "inference", "remote::fireworks");
  REQUIRE(fireworks);
  CHECK(fireworks->config.at("url").as_string() == "https://api.fireworks.ai/inference/v1");
  CHECK(fireworks->config.at("api_key").is_null());  // ${env.X:=} is empty, and empty is null
  const auto* bedrock = find_provider(config.providers, "inference", "remote::bedrock");
  REQUIRE(bedrock);
  CHECK(bedrock->config.empty());
  const auto* nvidia = find_provider(config.disabled_providers, "inference", "remote::nvidia");
  REQUIRE(nvidia);
  CHECK(json_of(nvidia->config, "append_api_version") == "true");
  const auto* pgvector = find_provider(config.disabled_providers, "vector_io", "remote::pgvector");
  REQUIRE(pgvector);
  CHECK(json_of(pgvector->config, "port") == "5432");
  const auto* faiss = find_provider(config.providers, "vector_io", "inline::faiss");
  REQUIRE(faiss);
  CHECK(json_of(faiss->config, "kvstore") ==
        R"({"type":"sqlite","db_path":"~/.llama/distributions/starter/faiss_store.db"})");
  const auto* guard = find_provider(config.providers, "safety", "inline::llama-guard");
  REQUIRE(guard);
  CHECK(json_of(guard->config, "excluded_categories") == "[]");
  const auto* brave = find_provider(config.providers, "tool_runtime", "remote::brave-search");
  REQUIRE(brave);
  CHECK(json_of(brave->config, "max_results") == "3");

  CHECK(config.models.empty());
  CHECK(config.shields.empty());  // both need SAFETY_MODEL / CODE_SCANNER_MODEL
  CHECK(config.vector_stores.empty());
  REQUIRE(config.tool_groups.size() == 2);
  CHECK(config.tool_groups[0].toolgroup_id == "builtin::websearch");
  CHECK(config.tool_groups[0].provider_id == "tavily-search");
  CHECK_FALSE(config.tool_groups[0].mcp_endpoint.has_value());
  CHECK(config.tool_groups[1].toolgroup_id == "builtin::rag");
  CHECK(config.tool_groups[1].provider_id == "rag-runtime");
  CHECK_FALSE(config.external_providers_dir.has_value());

  // Keys this version does not model are kept, substituted.
  CHECK(config.extra.size() == 6);
  for (const char* key : {"metadata_store", "inference_store", "conversations_store", "datasets",
                          "scoring_fns", "benchmarks"}) {
    CAPTURE(key);
    CHECK(config.extra.contains(key));
  }
  CHECK(json_of(config.extra, "metadata_store") ==
        R"({"type":"sqlite","db_path":"~/.llama/distributions/starter/registry.db"})");
  CHECK(json_of(config.extra, "datasets") == "[]");
}

TEST_CASE("starter run.yaml follows the environment") {
  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://gpu-box:11434");
  env.set("SAFETY_MODEL", "llama-guard3:1b");
  env.set("SQLITE_STORE_DIR", "/var/lib/stack");
  env.set("VLLM_URL", "http://vllm:8000/v1");
  env.set("VLLM_MAX_TOKENS", "8192");
  env.set("VLLM_TLS_VERIFY", "false");
  env.set("OTEL_SERVICE_NAME", "svc");
  env.set("CEREBRAS_API_KEY", "");  // set but empty still disables
  const RunConfig config = load_run_config(fixture("distributions/starter.run.yaml"), env);

  CHECK(count_by_api(config.providers)["inference"] == 11);
  CHECK(count_by_api(config.disabled_providers)["inference"] == 5);

  const auto* ollama = find_provider(config.providers, "inference", "remote::ollama");
  REQUIRE(ollama);
  CHECK(ollama->provider_id == "ollama");
  CHECK(ollama->config.at("url").as_string() == "http://gpu-box:11434");

  const auto* vllm = find_provider(config.providers, "inference", "remote::vllm");
  REQUIRE(vllm);
  CHECK(json_of(vllm->config, "max_tokens") == "8192");
  CHECK(json_of(vllm->config, "tls_verify") == "false");
  CHECK(find_provider(config.disabled_providers, "inference", "remote::cerebras") != nullptr);

  const auto* telemetry = find_provider(config.providers, "telemetry", "inline::meta-reference");
  REQUIRE(telemetry);
  CHECK(telemetry->config.at("service_name").as_string() == "svc");
  CHECK(telemetry->config.at("sqlite_db_path").as_string() == "/var/lib/stack/trace_store.db");

  REQUIRE(config.shields.size() == 1);
  CHECK(config.shields[0].shield_id == "llama-guard");
  CHECK(config.shields[0].provider_id == "llama-guard");
  CHECK(config.shields[0].provider_shield_id == "llama-guard3:1b");
}

TEST_CASE("ci-tests run.yaml loads unchanged") {
  const auto file = fixture("distributions/ci-tests.run.yaml");
  const RunConfig empty_env = load_run_config(file, Environment::isolated());
  CHECK(empty_env.image_name == "ci-tests");
  CHECK(empty_env.providers.size() == 28);
  CHECK(empty_env.disabled_providers.size() == 10);
  CHECK(empty_env.shields.empty());
  CHECK(empty_env.tool_groups.size() == 2);
  CHECK(empty_env.server_port == 8321);

  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://localhost:11434");
  env.set("SAFETY_MODEL", "llama-guard3:1b");
  env.set("CODE_SCANNER_MODEL", "code-scanner");
  const RunConfig with_ollama = load_run_config(file, env);
  CHECK(with_ollama.providers.size() == 29);
  CHECK(with_ollama.disabled_providers.size() == 9);
  CHECK(with_ollama.shields.size() == 2);
  const auto* faiss = find_provider(with_ollama.providers, "vector_io", "inline::faiss");
  REQUIRE(faiss);
  CHECK(faiss->config.at("kvstore").at("db_path").as_string() ==
        "~/.llama/distributions/ci-tests/faiss_store.db");
}

TEST_CASE("plain scalars are typed, quoted scalars stay strings") {
  Environment env = Environment::isolated();
  env.set("N", "4096");
  env.set("B", "False");
  const std::string yaml = std::string(kOneProvider) + R"(      int: 42
      neg: -7
      plus: +3
      hex: 0x1F
      oct: 0o17
      float: 1.5
      exp: 1e3
      dot: .5
      inf: -.inf
      t: true
      T: True
      F: FALSE
      n: null
      tilde: ~
      empty:
      yes_is_string: yes
      version_like: 1.2.3
      big: 123456789012345678901234567890
      q_int: "42"
      sq_bool: 'true'
      q_null: "null"
      q_empty: ""
      block: |
        text
      tagged: !!str 12
      list: [1, "2", x, ~]
      nested: {a: {b: [true]}}
      sub_int: ${env.N}
      sub_bool: ${env.B}
      sub_text: ${env.N}px
      sub_empty: ${env.UNSET:=}
      sub_quoted_int: "${env.N}"
      sub_quoted_empty: "${env.UNSET:=}"
)";
  const RunConfig config = parse(yaml, env);
  REQUIRE(config.providers.size() == 1);
  const auto& c = config.providers[0].config;
  CHECK(json_of(c, "int") == "42");
  CHECK(c.at("int").is_int64());
  CHECK(json_of(c, "neg") == "-7");
  CHECK(json_of(c, "plus") == "3");
  CHECK(json_of(c, "hex") == "31");
  CHECK(json_of(c, "oct") == "15");
  CHECK(c.at("float").as_double() == 1.5);
  CHECK(c.at("exp").as_double() == 1000.0);
  CHECK(c.at("dot").as_double() == 0.5);
  CHECK(std::isinf(c.at("inf").as_double()));
  CHECK(c.at("inf").as_double() < 0);
  CHECK(json_of(c, "t") == "true");
  CHECK(json_of(c, "T") == "true");
  CHECK(json_of(c, "F") == "false");
  CHECK(c.at("n").is_null());
  CHECK(c.at("tilde").is_null());
  CHECK(c.at("empty").is_null());
  CHECK(json_of(c, "yes_is_string") == R"("yes")");  // YAML 1.2, not 1.1
  CHECK(json_of(c, "version_like") == R"("1.2.3")");
  CHECK(json_of(c, "big") == R"("123456789012345678901234567890")");  // no digit lost
  CHECK(json_of(c, "q_int") == R"("42")");
  CHECK(json_of(c, "sq_bool") == R"("true")");
  CHECK(json_of(c, "q_null") == R"("null")");
  CHECK(json_of(c, "q_empty") == R"("")");
  CHECK(json_of(c, "block") == R"("text\n")");
  CHECK(json_of(c, "tagged") == R"("12")");
  CHECK(json_of(c, "list") == R"([1,"2","x",null])");
  CHECK(json_of(c, "nested") == R"({"a":{"b":[true]}})");
  CHECK(json_of(c, "sub_int") == "4096");
  CHECK(json_of(c, "sub_bool") == "false");
  CHECK(json_of(c, "sub_text") == R"("4096px")");
  CHECK(c.at("sub_empty").is_null());
  CHECK(json_of(c, "sub_quoted_int") == R"("4096")");
  CHECK(json_of(c, "sub_quoted_empty") == R"("")");
}

TEST_CASE("an unset variable names the variable, file and key path") {
  const std::string yaml = R"(image_name: t
providers:
  inference:
  - provider_id: a
    provider_type: remote::a
  - provider_id: b
    provider_type: remote::b
    config:
      url: ${env.B_URL}
)";
  config_error([&] { parse(yaml); },
               {"test.yaml", "providers.inference[1].config.url", "B_URL", "not set"});
  Environment env = Environment::isolated();
  env.set("B_URL", "http://b");
  CHECK(parse(yaml, env).providers[1].config.at("url").as_string() == "http://b");

  config_error([] { parse_fragment("image_name: ${env.NAME}\n"); },
               {"test.yaml:1", "image_name", "NAME"});
  config_error([] { parse_fragment("weird:\n  deep: [a, '${env.DEEP}']\n"); },
               {"test.yaml:2", "weird.deep[1]", "DEEP"});
}

TEST_CASE("a malformed reference names the location") {
  config_error([] { parse(std::string(kOneProvider) + "      url: ${env.URL\n"); },
               {"test.yaml:8", "providers.inference[0].config.url", "malformed", "missing '}'"});
  config_error([] { parse_fragment("image_name: ${env.}\n"); },
               {"test.yaml:1", "image_name", "malformed"});
}

TEST_CASE("a disabled provider's config may reference unset variables") {
  const RunConfig config = parse(R"(providers:
  inference:
  - provider_id: ${env.X_URL:+x}
    provider_type: remote::x
    config:
      url: ${env.X_URL}
      bad: ${env.
      port: ${env.X_PORT:=99}
)");
  CHECK(config.providers.empty());
  REQUIRE(config.disabled_providers.size() == 1);
  const auto& c = config.disabled_providers[0].config;
  CHECK(json_of(c, "url") == R"("${env.X_URL}")");
  CHECK(json_of(c, "bad") == R"("${env.")");
  CHECK(json_of(c, "port") == "99");
}

TEST_CASE("provider entries") {
  SUBCASE("provider_id null or quoted empty disables; config and module are optional") {
    const RunConfig config = parse(R"(providers:
  inference:
  - provider_id: null
    provider_type: remote::a
  - provider_id: ""
    provider_type: remote::b
  - provider_id: c
    provider_type: remote::c
    module: some_python_module
  - provider_id: 42
    provider_type: remote::d
    config: ~
  safety: []
  eval:
)");
    REQUIRE(config.providers.size() == 2);
    CHECK(config.providers[0].provider_id == "c");
    CHECK(config.providers[0].api == "inference");
    CHECK(config.providers[0].config.empty());
    CHECK(config.providers[1].provider_id == "42");  // ids are text, even numeric ones
    CHECK(config.disabled_providers.size() == 2);
    CHECK(config.disabled_providers[1].provider_type == "remote::b");
  }
  SUBCASE("missing provider_type") {
    config_error(
        [] {
          parse(
              "providers:\n  inference:\n  - provider_id: a\n    provider_type: remote::a\n"
              "  - provider_id: b\n    config: {}\n");
        },
        {"test.yaml:5", "providers.inference[1].provider_type", "missing"});
  }
  SUBCASE("missing provider_type on a disabled entry is still an error") {
    config_error([] { parse("providers:\n  inference:\n  - provider_id: ''\n"); },
                 {"providers.inference[0].provider_type"});
  }
  SUBCASE("missing provider_id") {
    config_error([] { parse("providers:\n  inference:\n  - provider_type: remote::a\n"); },
                 {"providers.inference[0].provider_id", "missing"});
  }
  SUBCASE("duplicate provider_id within one api") {
    config_error(
        [] {
          parse(
              "providers:\n  inference:\n  - provider_id: a\n    provider_type: remote::a\n"
              "  - provider_id: a\n    provider_type: remote::b\n");
        },
        {"test.yaml:5", "providers.inference[1].provider_id", "duplicate provider_id 'a'",
         "inference"});
  }
  SUBCASE("the same provider_id under two apis, and two disabled entries, are fine") {
    const RunConfig config = parse(R"(providers:
  eval:
  - provider_id: meta-reference
    provider_type: inline::meta-reference
  - provider_id: ""
    provider_type: remote::a
  - provider_id: ""
    provider_type: remote::b
  agents:
  - provider_id: meta-reference
    provider_type: inline::meta-reference
)");
    CHECK(config.providers.size() == 2);
    CHECK(config.disabled_providers.size() == 2);
  }
  SUBCASE("shape errors") {
    config_error([] { parse("providers: [a]\n"); },
                 {"test.yaml:1", "providers", "expected a mapping"});
    config_error([] { parse("providers:\n  inference: {a: 1}\n"); },
                 {"providers.inference", "expected a sequence"});
    config_error(
        [] {
          parse(
              "providers:\n  inference:\n  - provider_id: a\n    provider_type: x\n"
              "    config: [1]\n");
        },
        {"providers.inference[0].config", "expected a mapping"});
    config_error(
        [] { parse("providers:\n  inference:\n  - provider_id: {a: 1}\n    provider_type: x\n"); },
        {"providers.inference[0].provider_id", "expected a string"});
  }
}

TEST_CASE("malformed YAML reports file, line and column") {
  // Line and column are 1-based, like an editor's.
  const std::string message =
      config_error([] { parse("image_name: t\nproviders:\n  - inference\n  apis: [a]\n"); },
                   {"YAML syntax error"});
  CHECK(message.rfind("test.yaml:4:3: ", 0) == 0);
  config_error([] { parse("image_name: t\nproviders:\n  inference: [a,\nserver: {port: 1}\n"); },
               {"test.yaml:5:1: YAML syntax error", "end of sequence flow not found"});

  config_error([] { parse("a: b: c\n"); }, {"test.yaml:1:", "YAML syntax error"});
  config_error([] { parse("a: 1\n---\nb: 2\n"); }, {"test.yaml:3", "one YAML document"});
  config_error([] { parse(""); }, {"test.yaml", "empty"});
  config_error([] { parse("- a\n- b\n"); }, {"test.yaml:1", "expected a mapping"});
  config_error([] { parse("a: 1\na: 2\n"); }, {"test.yaml:2", "a: duplicate key"});
  config_error([] { parse_fragment("a: !custom 1\n"); },
               {"test.yaml:1", "a: unsupported YAML tag"});
}

TEST_CASE("unknown top-level keys are kept in extra") {
  Environment env = Environment::isolated();
  env.set("DIR", "/srv");
  const RunConfig config = parse_fragment(R"(version: '2'
distro_name: legacy
future_feature:
  enabled: true
  path: ${env.DIR}/x
  items: [1, "1"]
storage: ~
server:
  port: ${env.PORT:=9000}
  host: 0.0.0.0
  tls_certfile: null
vector_stores:
  default_provider_id: faiss
external_providers_dir: ${env.DIR}/providers.d
)",
                                          env);
  CHECK(config.version == 2);
  CHECK(config.image_name == "legacy");
  CHECK(config.server_port == 9000);
  CHECK(config.external_providers_dir == std::filesystem::path("/srv/providers.d"));
  CHECK(config.extra.size() == 4);
  CHECK(json_of(config.extra, "future_feature") ==
        R"({"enabled":true,"path":"/srv/x","items":[1,"1"]})");
  CHECK(config.extra.at("storage").is_null());
  // server keys beyond the port are not modeled yet, so they are kept too.
  CHECK(json_of(config.extra, "server") == R"({"host":"0.0.0.0","tls_certfile":null})");
  // The newer mapping form of vector_stores is configuration, not a list.
  CHECK(json_of(config.extra, "vector_stores") == R"({"default_provider_id":"faiss"})");
  CHECK(config.vector_stores.empty());
}

TEST_CASE("image_name wins over the legacy distro_name") {
  CHECK(parse_fragment("distro_name: old\nimage_name: new\n").image_name == "new");
  CHECK(parse_fragment("image_name: new\ndistro_name: old\n").image_name == "new");
}

TEST_CASE("models") {
  Environment env = Environment::isolated();
  env.set("INFERENCE_MODEL", "llama3.2:3b");
  const RunConfig config = parse_fragment(R"(models:
- model_id: ${env.INFERENCE_MODEL}
  provider_id: ollama
- model_id: all-MiniLM-L6-v2
  provider_id: sentence-transformers
  provider_model_id: sentence-transformers/all-MiniLM-L6-v2
  model_type: embedding
  metadata:
    embedding_dimension: 384
  context_length: 8192
- model_id: disabled
  provider_id: ${env.VLLM_URL:+vllm}
- model_id: routed
)",
                                          env);
  REQUIRE(config.models.size() == 3);
  CHECK(config.models[0].model_id == "llama3.2:3b");
  CHECK(config.models[0].provider_id == "ollama");
  CHECK(config.models[0].provider_model_id == "llama3.2:3b");
  CHECK(config.models[0].model_type == "llm");
  CHECK(config.models[0].metadata.empty());
  CHECK(config.models[1].provider_model_id == "sentence-transformers/all-MiniLM-L6-v2");
  CHECK(config.models[1].model_type == "embedding");
  CHECK(boost::json::serialize(config.models[1].metadata) ==
        R"({"embedding_dimension":384,"context_length":8192})");
  CHECK(config.models[2].model_id == "routed");
  CHECK(config.models[2].provider_id.empty());

  config_error([] { parse_fragment("models:\n- provider_id: a\n"); },
               {"models[0].model_id", "missing"});
  config_error([] { parse_fragment("models:\n- model_id: m\n  metadata: {x: 1}\n  x: 2\n"); },
               {"test.yaml:4", "models[0].x", "metadata"});
  config_error([] { parse_fragment("models:\n- model_id: m\n  metadata: 3\n"); },
               {"models[0].metadata", "expected a mapping"});
}

TEST_CASE("shields") {
  const RunConfig config = parse_fragment(R"(shields:
- shield_id: guard
  provider_id: llama-guard
  provider_shield_id: meta-llama/Llama-Guard-3-8B
  params: {threshold: 0.5}
  category: violence
- shield_id: plain
  provider_id: code-scanner
- shield_id: dropped
  provider_id: ${env.SAFETY_MODEL:+llama-guard}
)");
  REQUIRE(config.shields.size() == 2);
  CHECK(config.shields[0].provider_shield_id == "meta-llama/Llama-Guard-3-8B");
  CHECK(boost::json::serialize(config.shields[0].params) ==
        R"({"threshold":5E-1,"category":"violence"})");
  CHECK(config.shields[1].provider_shield_id == "plain");
  CHECK(config.shields[1].params.empty());
}

TEST_CASE("vector stores, current and legacy keys") {
  const RunConfig config = parse_fragment(R"(vector_stores:
- vector_store_id: docs
  provider_id: faiss
  embedding_model: all-MiniLM-L6-v2
  embedding_dimension: 384
vector_dbs:
- vector_db_id: old
  provider_id: sqlite-vec
  embedding_model: m
- vector_db_id: off
  provider_id: ${env.MILVUS_URL:+milvus}
)");
  REQUIRE(config.vector_stores.size() == 2);
  CHECK(config.vector_stores[0].vector_store_id == "docs");
  CHECK(config.vector_stores[0].provider_id == "faiss");
  CHECK(config.vector_stores[0].embedding_model == "all-MiniLM-L6-v2");
  CHECK(config.vector_stores[0].embedding_dimension == 384);
  CHECK(config.vector_stores[1].vector_store_id == "old");
  CHECK_FALSE(config.vector_stores[1].embedding_dimension.has_value());

  config_error(
      [] { parse_fragment("vector_dbs:\n- vector_db_id: x\n  embedding_dimension: big\n"); },
      {"vector_dbs[0].embedding_dimension", "expected an integer"});
  config_error([] { parse_fragment("vector_stores:\n- provider_id: faiss\n"); },
               {"vector_stores[0].vector_store_id", "missing"});
}

TEST_CASE("tool groups") {
  const RunConfig config = parse_fragment(R"(tool_groups:
- toolgroup_id: mcp::files
  provider_id: model-context-protocol
  mcp_endpoint:
    uri: http://localhost:8000/sse
  args: {root: /tmp}
  description: local files
- toolgroup_id: mcp::bare
  provider_id: model-context-protocol
  mcp_endpoint: http://localhost:9000/sse
- toolgroup_id: builtin::websearch
  provider_id: ${env.TAVILY_SEARCH_API_KEY:+tavily-search}
)");
  REQUIRE(config.tool_groups.size() == 2);
  CHECK(config.tool_groups[0].mcp_endpoint == "http://localhost:8000/sse");
  CHECK(boost::json::serialize(config.tool_groups[0].args) ==
        R"({"root":"/tmp","description":"local files"})");
  CHECK(config.tool_groups[1].mcp_endpoint == "http://localhost:9000/sse");

  config_error(
      [] { parse_fragment("tool_groups:\n- toolgroup_id: t\n  mcp_endpoint: {url: x}\n"); },
      {"tool_groups[0].mcp_endpoint.uri", "missing"});
}

TEST_CASE("typed top-level values are checked") {
  config_error([] { parse_fragment("version: two\n"); },
               {"test.yaml:1", "version", "expected an integer"});
  config_error([] { parse_fragment("server:\n  port: 70000\n"); },
               {"test.yaml:2", "server.port", "out of range"});
  config_error([] { parse("apis: inference\n"); }, {"apis", "expected a sequence"});
  config_error([] { parse("apis: [inference, '']\n"); }, {"apis[1]", "empty"});
}

TEST_CASE("load_run_config names files it cannot read") {
  config_test::TempDir dir;
  const auto missing = dir.path() / "nope" / "run.yaml";
  config_error([&] { load_run_config(missing, Environment::isolated()); },
               {missing.string(), "does not exist"});
  config_error([&] { load_run_config(dir.path(), Environment::isolated()); },
               {dir.path().string(), "directory"});

  const auto broken = dir.path() / "broken.yaml";
  config_test::write_text(broken, "image_name: x\nproviders:\n  inference:\n  - provider_id: a\n");
  config_error([&] { load_run_config(broken, Environment::isolated()); },
               {broken.string() + ":4", "providers.inference[0].provider_type"});
}
