// The Python stack's newer config.yaml form: distro_name,
// registered_resources, storage backends and stores, providers with
// base_url and network blocks (testsuite/fixtures/distributions/
// python-newer-format/), and the storage references it introduces.
#include "stack/config/run_config.hpp"
#include "stack/config/stack_pointer.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>
#include <boost/json/serialize.hpp>

#include <algorithm>

using config_test::config_error;
using config_test::find_provider;
using config_test::fixture;
using config_test::read_text;
using config_test::TempDir;
using config_test::write_text;
using llama_stack::Environment;
using llama_stack::load_run_config;
using llama_stack::parse_run_config;
using llama_stack::ProviderEntry;
using llama_stack::resolve_stack_pointer;
using llama_stack::RunConfig;

namespace {

namespace fs = std::filesystem;

const fs::path kStarter = fixture("distributions/python-newer-format/starter.config.yaml");
const fs::path kPostgres =
    fixture("distributions/python-newer-format/starter.run-with-postgres-store.yaml");

// The starter config.yaml with one piece of text replaced, as a new file.
std::string starter_with(std::string_view from, std::string_view to) {
  std::string text = read_text(kStarter);
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "'" << from << "' not in the fixture");
  text.replace(at, from.size(), to);
  return text;
}

RunConfig parse(std::string_view yaml, const Environment& env = Environment::isolated()) {
  return parse_run_config(yaml, "config.yaml", env);
}

}  // namespace

TEST_CASE("the newer starter config.yaml loads with an empty environment") {
  const RunConfig config = load_run_config(kStarter, Environment::isolated());
  CHECK(config.version == 2);
  CHECK(config.image_name == "starter");  // from distro_name
  CHECK(config.apis == std::vector<std::string>{"batches", "file_processors", "files", "inference",
                                                "interactions", "messages", "responses", "safety",
                                                "tool_runtime", "vector_io"});
  CHECK(config.providers.size() == 24);
  CHECK(config.disabled_providers.size() == 13);
  CHECK(config.warnings.empty());

  const auto* fireworks = find_provider(config.providers, "inference", "remote::fireworks");
  REQUIRE(fireworks);
  CHECK(fireworks->config.at("base_url").as_string() == "https://api.fireworks.ai/inference/v1");
  CHECK_FALSE(fireworks->config.contains("url"));
  CHECK(find_provider(config.disabled_providers, "inference", "remote::ollama") != nullptr);
  // network.tls is kept as written, typed.
  const auto* vllm = find_provider(config.disabled_providers, "inference", "remote::vllm");
  REQUIRE(vllm);
  CHECK(boost::json::serialize(vllm->config.at("network")) == R"({"tls":{"verify":true}})");
  // APIs this project does not implement load like the others.
  for (std::string_view api : {"interactions", "messages", "responses", "file_processors"}) {
    CAPTURE(api);
    CHECK(std::any_of(config.providers.begin(), config.providers.end(),
                      [&](const ProviderEntry& e) { return e.api == api; }));
  }

  // registered_resources: models, shields and vector stores are typed.
  REQUIRE(config.models.size() == 3);
  CHECK(config.models[0].model_id == "claude-haiku-4-5-20251001");
  CHECK(config.models[0].provider_id == "all");
  CHECK(config.models[0].provider_model_id == "auto");
  CHECK(config.shields.empty());  // both need SAFETY_MODEL / CODE_SCANNER_MODEL
  CHECK(config.vector_stores.empty());

  // storage and the other sections are kept, substituted.
  const auto& backends = config.extra.at("storage").at("backends");
  CHECK(backends.at("kv_default").at("type").as_string() == "kv_sqlite");
  CHECK(backends.at("sql_default").at("db_path").as_string() ==
        "~/.llama/distributions/starter/sql_store.db");
  CHECK(config.extra.at("storage").at("stores").at("inference").at("num_writers").as_int64() == 4);
  CHECK(config.extra.at("vector_stores").at("default_provider_id").as_string() == "faiss");
  CHECK(config.extra.at("safety").at("default_shield_id").as_string() == "llama-guard");
  CHECK(config.extra.at("connectors").as_array().empty());
  CHECK_FALSE(config.extra.contains("registered_resources"));
}

TEST_CASE("the newer starter config.yaml follows the environment") {
  const RunConfig config =
      load_run_config(kStarter, config_test::env_with({{"OLLAMA_URL", "http://gpu:11434/v1"},
                                                       {"SAFETY_MODEL", "llama-guard3:1b"},
                                                       {"SQLITE_STORE_DIR", "/srv/stack"},
                                                       {"VLLM_URL", "http://vllm:8000/v1"},
                                                       {"VLLM_TLS_VERIFY", "false"}}));
  const auto* ollama = find_provider(config.providers, "inference", "remote::ollama");
  REQUIRE(ollama);
  CHECK(ollama->config.at("base_url").as_string() == "http://gpu:11434/v1");
  const auto* vllm = find_provider(config.providers, "inference", "remote::vllm");
  REQUIRE(vllm);
  CHECK(vllm->config.at("network").at("tls").at("verify").as_bool() == false);
  REQUIRE(config.shields.size() == 1);
  CHECK(config.shields[0].provider_shield_id == "llama-guard3:1b");
  CHECK(config.extra.at("storage").at("backends").at("kv_default").at("db_path").as_string() ==
        "/srv/stack/kvstore.db");
}

TEST_CASE("the newer starter with Postgres storage backends") {
  Environment env = Environment::isolated();
  env.set("POSTGRES_HOST", "db.internal");
  const RunConfig config = load_run_config(kPostgres, env);
  const auto& backends = config.extra.at("storage").at("backends");
  CHECK(backends.at("kv_default").at("type").as_string() == "kv_postgres");
  CHECK(backends.at("kv_default").at("host").as_string() == "db.internal");
  CHECK(backends.at("kv_default").at("port").as_int64() == 5432);
  CHECK(backends.at("sql_default").at("type").as_string() == "sql_postgres");
  CHECK(backends.at("sql_default").at("pool_pre_ping").as_bool() == true);
  CHECK(backends.at("sql_default").at("pool_recycle").as_int64() == -1);
  CHECK(config.providers.size() == 24);
}

TEST_CASE("a distribution name finds <name>/config.yaml or <name>/run.yaml") {
  TempDir dir;
  write_text(dir.path() / "newer" / "config.yaml", read_text(kStarter));
  write_text(dir.path() / "older" / "run.yaml",
             read_text(fixture("distributions/python/watsonx/run.yaml")));
  write_text(dir.path() / "both" / "config.yaml", read_text(kStarter));
  write_text(dir.path() / "both" / "run.yaml",
             read_text(fixture("distributions/python/watsonx/run.yaml")));
  const std::vector<fs::path> dirs{dir.path()};
  const Environment env = Environment::isolated();

  const RunConfig newer = resolve_stack_pointer("newer", env, dirs, {});
  CHECK(newer.source == dir.path() / "newer" / "config.yaml");
  CHECK(newer.image_name == "starter");
  CHECK(resolve_stack_pointer("older", env, dirs, {}).image_name == "watsonx");
  // The newer name wins.
  CHECK(resolve_stack_pointer("both", env, dirs, {}).source == dir.path() / "both" / "config.yaml");
  config_error([&] { resolve_stack_pointer("nope", env, dirs, {}); },
               {"unknown distribution 'nope'", "available: both, newer, older"});
}

TEST_CASE("registered_resources") {
  SUBCASE("the kinds RunConfig models are typed, the others kept under their names") {
    const RunConfig config = parse(R"(version: 2
distro_name: r
apis: [inference]
providers:
  inference:
  - provider_id: ollama
    provider_type: remote::ollama
registered_resources:
  models:
  - model_id: llama3.2:3b
    provider_id: ollama
  shields:
  - shield_id: guard
    provider_id: llama-guard
  vector_stores:
  - vector_store_id: docs
    provider_id: faiss
    embedding_model: all-MiniLM-L6-v2
  tool_groups:
  - toolgroup_id: builtin::rag
    provider_id: rag-runtime
  datasets:
  - dataset_id: simpleqa
  scoring_fns: []
  benchmarks:
  - benchmark_id: b
    dataset_id: simpleqa
vector_stores:
  default_provider_id: faiss
)");
    REQUIRE(config.models.size() == 1);
    CHECK(config.models[0].provider_model_id == "llama3.2:3b");
    REQUIRE(config.shields.size() == 1);
    REQUIRE(config.vector_stores.size() == 1);
    CHECK(config.vector_stores[0].embedding_model == "all-MiniLM-L6-v2");
    REQUIRE(config.tool_groups.size() == 1);
    CHECK(boost::json::serialize(config.extra.at("datasets")) == R"([{"dataset_id":"simpleqa"}])");
    CHECK(config.extra.at("scoring_fns").as_array().empty());
    CHECK(config.extra.at("benchmarks").as_array().size() == 1);
    // The top-level mapping form of vector_stores is configuration, not a clash.
    CHECK(config.extra.at("vector_stores").at("default_provider_id").as_string() == "faiss");
  }
  SUBCASE("a kind given at the top level too") {
    config_error([] { parse("apis: []\nmodels: []\nregistered_resources:\n  models: []\n"); },
                 {"config.yaml:4", "registered_resources.models", "also given at the top level"});
    config_error([] { parse("apis: []\ndatasets: []\nregistered_resources:\n  datasets: []\n"); },
                 {"registered_resources.datasets", "also given at the top level"});
  }
  SUBCASE("entries are checked like the top-level ones, with their path") {
    config_error([] { parse("apis: []\nregistered_resources:\n  models:\n  - provider_id: x\n"); },
                 {"config.yaml:4", "registered_resources.models[0].model_id", "missing"});
    config_error([] { parse("apis: []\nregistered_resources: [models]\n"); },
                 {"registered_resources", "expected a mapping"});
  }
  SUBCASE("unset variables in resources are reported with the rest") {
    config_error(
        [] {
          parse(
              "apis: []\nregistered_resources:\n  models:\n  - model_id: ${env.MODEL}\n"
              "  shields:\n  - shield_id: ${env.SHIELD}\n");
        },
        {"2 environment variables are not set",
         "'MODEL' (needed by config.yaml:4: "
         "registered_resources.models[0].model_id)",
         "'SHIELD' (needed by config.yaml:6: registered_resources.shields[0].shield_id)"});
  }
}

TEST_CASE("storage references name a defined backend of the right kind") {
  const std::string file = "config.yaml";
  SUBCASE("a store on an undefined backend") {
    config_error(
        [] {
          parse(starter_with("    metadata:\n      namespace: registry\n      backend: kv_default",
                             "    metadata:\n      namespace: registry\n      backend: kv_defalt"));
        },
        {"config.yaml:", "storage.stores.metadata.backend", "unknown storage backend 'kv_defalt'",
         "defined in storage.backends: kv_default, sql_default"});
  }
  SUBCASE("a provider's persistence on an undefined backend") {
    config_error(
        [] {
          parse(starter_with("namespace: vector_io::faiss\n        backend: kv_default",
                             "namespace: vector_io::faiss\n        backend: kv_sqlite"));
        },
        {"providers.vector_io[0].config.persistence.backend",
         "unknown storage backend 'kv_sqlite'"});
  }
  SUBCASE("a key-value namespace on a SQL backend") {
    config_error(
        [] {
          parse(starter_with("namespace: vector_io::faiss\n        backend: kv_default",
                             "namespace: vector_io::faiss\n        backend: sql_default"));
        },
        {"providers.vector_io[0].config.persistence.backend",
         "a key-value store on storage backend 'sql_default', which is a SQL backend"});
  }
  SUBCASE("a SQL table on a key-value backend") {
    config_error(
        [] {
          parse(starter_with("table_name: inference_store\n      backend: sql_default",
                             "table_name: inference_store\n      backend: kv_default"));
        },
        {"storage.stores.inference.backend", "a SQL store on storage backend 'kv_default'"});
  }
  SUBCASE("an unknown backend type, a missing type") {
    config_error([] { parse(starter_with("type: kv_sqlite", "type: kv_sqlit")); },
                 {"storage.backends.kv_default.type", "unknown storage backend type 'kv_sqlit'",
                  "kv_postgres", "sql_sqlite"});
    config_error([] { parse(starter_with("      type: kv_sqlite\n", "")); },
                 {"storage.backends.kv_default.type", "missing"});
  }
  SUBCASE("a store without a backend") {
    config_error(
        [] {
          parse(starter_with("    prompts:\n      namespace: prompts\n      backend: kv_default",
                             "    prompts:\n      namespace: prompts"));
        },
        {"storage.stores.prompts.backend", "required key is missing"});
  }
  SUBCASE("a reference in a file without storage") {
    config_error(
        [] {
          parse(R"(apis: [vector_io]
providers:
  vector_io:
  - provider_id: faiss
    provider_type: inline::faiss
    config:
      persistence:
        namespace: vector_io::faiss
        backend: kv_default
)");
        },
        {"config.yaml:9", "providers.vector_io[0].config.persistence.backend",
         "no 'storage:' section"});
  }
  SUBCASE("an unset variable in a checked reference is named once") {
    const std::string message = config_error(
        [] {
          parse(starter_with("namespace: vector_io::faiss\n        backend: kv_default",
                             "namespace: vector_io::faiss\n        backend: ${env.KV}"));
        },
        {"environment variable 'KV' is not set",
         "providers.vector_io[0].config.persistence.backend"});
    CHECK(message.find("persistence.backend") == message.rfind("persistence.backend"));
  }
  SUBCASE("a disabled provider's references are not checked") {
    const RunConfig config =
        parse(starter_with("namespace: vector_io::milvus\n        backend: kv_default",
                           "namespace: vector_io::milvus\n        backend: kv_elsewhere"));
    CHECK(find_provider(config.disabled_providers, "vector_io", "inline::milvus") != nullptr);
  }
}
