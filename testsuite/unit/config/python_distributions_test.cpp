// Every run.yaml of the Python Llama Stack's distributions at 007efa6eb
// (testsuite/fixtures/distributions/python/) loads: with the variables it
// requires set, its providers per api are what the file says; without them,
// one error names the file and every missing variable.
#include "stack/config/run_config.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using config_test::config_error;
using config_test::fixture;
using llama_stack::Environment;
using llama_stack::load_run_config;
using llama_stack::RunConfig;

namespace {

namespace fs = std::filesystem;

struct PythonDistribution {
  std::string file;  // under distributions/python/
  // The ${env.X} references without a default.
  std::vector<std::string> required;
  // With only `required` set: "api=id:type,id:type api=..." in file order,
  // and the disabled entries' types the same way.
  std::string enabled;
  std::string disabled;
  std::size_t models;
  std::size_t shields;
};

// Lists that several files share.
const std::string kAgentsTelemetryEval =
    "agents=meta-reference:inline::meta-reference "
    "telemetry=meta-reference:inline::meta-reference eval=meta-reference:inline::meta-reference";
const std::string kDatasetioScoring =
    "datasetio=huggingface:remote::huggingface,localfs:inline::localfs "
    "scoring=basic:inline::basic,llm-as-judge:inline::llm-as-judge,braintrust:inline::braintrust";
const std::string kSearchAndRag =
    "tool_runtime=brave-search:remote::brave-search,tavily-search:remote::tavily-search,"
    "rag-runtime:inline::rag-runtime";
const std::string kMcp = ",model-context-protocol:remote::model-context-protocol";
const std::string kLocalFiles = "files=meta-reference-files:inline::localfs";

// ci-tests, starter and starter-gpu differ only in their post_training provider.
std::string starter_enabled(const std::string& post_training) {
  return "inference=fireworks:remote::fireworks,together:remote::together,bedrock:remote::"
         "bedrock,openai:remote::openai,anthropic:remote::anthropic,gemini:remote::gemini,"
         "groq:remote::groq,sambanova:remote::sambanova,sentence-transformers:inline::sentence-"
         "transformers vector_io=faiss:inline::faiss,sqlite-vec:inline::sqlite-vec " +
         kLocalFiles +
         " safety=llama-guard:inline::llama-guard,code-scanner:inline::code-scanner "
         "agents=meta-reference:inline::meta-reference "
         "telemetry=meta-reference:inline::meta-reference post_training=" +
         post_training + " eval=meta-reference:inline::meta-reference " + kDatasetioScoring + " " +
         kSearchAndRag + kMcp + " batches=reference:inline::reference";
}
const std::string kStarterDisabled =
    "inference=remote::cerebras,remote::ollama,remote::vllm,remote::tgi,remote::nvidia,"
    "remote::vertexai,remote::azure vector_io=inline::milvus,remote::chromadb,remote::pgvector";

// Read off the files with another YAML reader (PyYAML); a provider_id
// `${env.X:+id}` is disabled when X is unset, and a provider_id given twice
// for one api is kept once, as the Python stack keeps it.
const std::vector<PythonDistribution>& distributions() {
  static const std::vector<PythonDistribution> all{
      {"ci-tests/run.yaml",
       {},
       starter_enabled("torchtune-cpu:inline::torchtune-cpu"),
       kStarterDisabled,
       0,
       0},
      {"dell/run-with-safety.yaml",
       {"DEH_SAFETY_URL", "DEH_URL", "INFERENCE_MODEL", "SAFETY_MODEL"},
       "inference=tgi0:remote::tgi,tgi1:remote::tgi,sentence-transformers:inline::sentence-"
       "transformers vector_io=chromadb:remote::chromadb safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag,
       "",
       3,
       1},
      {"dell/run.yaml",
       {"DEH_URL", "INFERENCE_MODEL"},
       "inference=tgi0:remote::tgi,sentence-transformers:inline::sentence-transformers "
       "vector_io=chromadb:remote::chromadb safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag,
       "",
       2,
       0},
      {"meta-reference-gpu/run-with-safety.yaml",
       {"INFERENCE_MODEL", "SAFETY_MODEL"},
       "inference=meta-reference-inference:inline::meta-reference,sentence-transformers:inline::"
       "sentence-transformers,meta-reference-safety:inline::meta-reference "
       "vector_io=faiss:inline::faiss safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag + kMcp,
       "",
       3,
       1},
      {"meta-reference-gpu/run.yaml",
       {"INFERENCE_MODEL"},
       "inference=meta-reference-inference:inline::meta-reference,sentence-transformers:inline::"
       "sentence-transformers vector_io=faiss:inline::faiss "
       "safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag + kMcp,
       "",
       2,
       0},
      {"nvidia/run-with-safety.yaml",
       {"INFERENCE_MODEL", "SAFETY_MODEL"},
       "inference=nvidia:remote::nvidia vector_io=faiss:inline::faiss safety=nvidia:remote::"
       "nvidia agents=meta-reference:inline::meta-reference "
       "telemetry=meta-reference:inline::meta-reference eval=nvidia:remote::nvidia "
       "post_training=nvidia:remote::nvidia "
       "datasetio=localfs:inline::localfs,nvidia:remote::nvidia scoring=basic:inline::basic "
       "tool_runtime=rag-runtime:inline::rag-runtime " +
           kLocalFiles,
       "",
       2,
       1},
      {"nvidia/run.yaml",
       {},
       "inference=nvidia:remote::nvidia vector_io=faiss:inline::faiss safety=nvidia:remote::"
       "nvidia agents=meta-reference:inline::meta-reference "
       "telemetry=meta-reference:inline::meta-reference eval=nvidia:remote::nvidia "
       "post_training=nvidia:remote::nvidia datasetio=nvidia:remote::nvidia "
       "scoring=basic:inline::basic tool_runtime=rag-runtime:inline::rag-runtime " +
           kLocalFiles,
       "",
       0,
       0},
      {"open-benchmark/run.yaml",
       {},
       "inference=openai:remote::openai,anthropic:remote::anthropic,gemini:remote::gemini,"
       "groq:remote::groq,together:remote::together vector_io=sqlite-vec:inline::sqlite-vec "
       "safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag + kMcp,
       "vector_io=remote::chromadb,remote::pgvector",
       5,
       1},
      {"postgres-demo/run.yaml",
       {"INFERENCE_MODEL"},
       "inference=vllm-inference:remote::vllm,sentence-transformers:inline::sentence-"
       "transformers safety=llama-guard:inline::llama-guard "
       "agents=meta-reference:inline::meta-reference "
       "telemetry=meta-reference:inline::meta-reference " +
           kSearchAndRag + kMcp,
       "vector_io=remote::chromadb",
       2,
       1},
      {"starter-gpu/run.yaml",
       {},
       starter_enabled("huggingface-gpu:inline::huggingface-gpu"),
       kStarterDisabled,
       0,
       0},
      {"starter/run.yaml",
       {},
       starter_enabled("torchtune-cpu:inline::torchtune-cpu"),
       kStarterDisabled,
       0,
       0},
      {"watsonx/run.yaml",
       {},
       "inference=watsonx:remote::watsonx vector_io=faiss:inline::faiss "
       "safety=llama-guard:inline::llama-guard " +
           kAgentsTelemetryEval + " " + kDatasetioScoring + " " + kSearchAndRag + kMcp + " " +
           kLocalFiles,
       "",
       0,
       0},
  };
  return all;
}

fs::path python_file(const std::string& relative) {
  return fixture("distributions/python/" + relative);
}

// Each required variable set to a value that names it.
Environment with_required(const PythonDistribution& d, std::string_view except = {}) {
  Environment env = Environment::isolated();
  for (const auto& var : d.required) {
    if (var != except) env.set(var, "value-of-" + var);
  }
  return env;
}

// `entries` as "api=a,b api=c", apis in the order first met.
template <typename Describe>
std::string by_api(const std::vector<llama_stack::ProviderEntry>& entries, Describe describe) {
  std::vector<std::pair<std::string, std::string>> groups;
  for (const auto& entry : entries) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& group) { return group.first == entry.api; });
    if (it == groups.end()) {
      groups.emplace_back(entry.api, describe(entry));
    } else {
      it->second += "," + describe(entry);
    }
  }
  std::string out;
  for (const auto& [api, list] : groups) out += (out.empty() ? "" : " ") + api + "=" + list;
  return out;
}

}  // namespace

TEST_CASE("the table covers every Python run.yaml fixture") {
  std::set<std::string> on_disk;
  const fs::path root = fixture("distributions/python");
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() == ".yaml") {
      on_disk.insert(fs::relative(entry.path(), root).generic_string());
    }
  }
  std::set<std::string> in_table;
  for (const auto& d : distributions()) in_table.insert(d.file);
  CHECK(on_disk == in_table);
  CHECK(on_disk.size() == 12);
}

TEST_CASE("every Python run.yaml loads with the variables it requires set") {
  for (const auto& d : distributions()) {
    CAPTURE(d.file);
    const RunConfig config = load_run_config(python_file(d.file), with_required(d));
    CHECK(config.version == 2);
    CHECK(!config.image_name.empty());
    CHECK(by_api(config.providers,
                 [](const auto& e) { return e.provider_id + ":" + e.provider_type; }) == d.enabled);
    CHECK(by_api(config.disabled_providers, [](const auto& e) { return e.provider_type; }) ==
          d.disabled);
    CHECK(config.models.size() == d.models);
    CHECK(config.shields.size() == d.shields);
    // Each api with providers is also listed under `apis:`.
    for (const auto& entry : config.providers) {
      CHECK(std::find(config.apis.begin(), config.apis.end(), entry.api) != config.apis.end());
    }
  }
}

TEST_CASE("a Python run.yaml names every variable it requires, in one error") {
  for (const auto& d : distributions()) {
    CAPTURE(d.file);
    const fs::path file = python_file(d.file);
    if (d.required.empty()) {
      CHECK_NOTHROW(load_run_config(file, Environment::isolated()));
      continue;
    }
    std::vector<std::string> parts{file.string(), "not set"};
    parts.insert(parts.end(), d.required.begin(), d.required.end());
    const std::string all_missing =
        config_error([&] { load_run_config(file, Environment::isolated()); }, {});
    for (const std::string& part : parts) {
      CHECK_MESSAGE(all_missing.find(part) != std::string::npos,
                    "'" << part << "' not in: " << all_missing);
    }
    if (d.required.size() > 1) {
      CHECK(all_missing.find(std::to_string(d.required.size()) +
                             " environment variables are not set") != std::string::npos);
    }
    // With one missing, the error names that one alone.
    for (const auto& var : d.required) {
      CAPTURE(var);
      const std::string one = config_error([&] { load_run_config(file, with_required(d, var)); },
                                           {file.string(), "'" + var + "'", "not set"});
      for (const auto& other : d.required) {
        if (other != var) CHECK(one.find(other) == std::string::npos);
      }
    }
  }
}

TEST_CASE("Python dell run-with-safety: where the required variables go") {
  const PythonDistribution& d = distributions()[1];
  REQUIRE(d.file == "dell/run-with-safety.yaml");
  const fs::path file = python_file(d.file);
  const std::string message = config_error([&] { load_run_config(file, Environment::isolated()); },
                                           {"4 environment variables are not set"});
  // Each variable with the key paths that use it, in the order first met.
  for (std::string_view part :
       {"'DEH_URL' (needed by ", "providers.inference[0].config.url)",
        "'DEH_SAFETY_URL' (needed by ", "providers.inference[1].config.url)",
        "'INFERENCE_MODEL' (needed by ", "models[0].model_id)", "'SAFETY_MODEL' (needed by ",
        "models[1].model_id; ", "shields[0].shield_id)"}) {
    CHECK_MESSAGE(message.find(part) != std::string::npos, "'" << part << "' not in: " << message);
  }
  CHECK(message.find("DEH_URL") < message.find("DEH_SAFETY_URL"));

  const RunConfig config = load_run_config(file, with_required(d));
  CHECK(config.providers[0].config.at("url").as_string() == "value-of-DEH_URL");
  CHECK(config.models[0].model_id == "value-of-INFERENCE_MODEL");
  CHECK(config.models[0].provider_id == "tgi0");
  CHECK(config.models[2].model_type == "embedding");
  CHECK(config.models[2].metadata.at("embedding_dimension").as_int64() == 768);
  REQUIRE(config.shields.size() == 1);
  CHECK(config.shields[0].shield_id == "value-of-SAFETY_MODEL");
  CHECK(config.shields[0].provider_id.empty());  // the file gives none
}

TEST_CASE("Python nvidia run-with-safety: the repeated inference provider_id") {
  Environment env = Environment::isolated();
  env.set("INFERENCE_MODEL", "meta/llama-3.1-8b-instruct");
  env.set("SAFETY_MODEL", "meta/llama-3.1-8b-instruct");
  const fs::path file = python_file("nvidia/run-with-safety.yaml");
  const RunConfig config = load_run_config(file, env);
  // The Python stack keys providers by id: the later entry (its guardrails
  // block) is the one it runs.
  const auto& inference = config.providers.front();
  CHECK(inference.api == "inference");
  CHECK(inference.config.contains("guardrails_service_url"));
  CHECK_FALSE(inference.config.contains("api_key"));
  REQUIRE(config.warnings.size() == 1);
  const std::string& warning = config.warnings[0];
  const std::string located = file.string() + ":23";
  for (std::string_view part :
       {std::string_view(located), std::string_view("providers.inference[1].provider_id"),
        std::string_view("'nvidia'"), std::string_view("replaces providers.inference[0]")}) {
    CHECK_MESSAGE(warning.find(part) != std::string::npos, "'" << part << "' not in: " << warning);
  }
  REQUIRE(config.shields.size() == 1);
  CHECK(config.shields[0].provider_id == "nvidia");
}

TEST_CASE("Python nvidia run.yaml: remote::nvidia under five apis") {
  const RunConfig config = load_run_config(python_file("nvidia/run.yaml"), Environment::isolated());
  std::vector<std::string> apis;
  for (const auto& entry : config.providers) {
    if (entry.provider_type == "remote::nvidia") apis.push_back(entry.api);
  }
  CHECK(apis ==
        std::vector<std::string>{"inference", "safety", "eval", "post_training", "datasetio"});
  CHECK(config.providers.front().config.at("append_api_version").as_bool() == true);
  CHECK(config.warnings.empty());
}

TEST_CASE("Python open-benchmark: datasets and benchmarks are kept") {
  const RunConfig config =
      load_run_config(python_file("open-benchmark/run.yaml"), Environment::isolated());
  CHECK(config.models[3].provider_model_id == "groq/llama-3.3-70b-versatile");
  REQUIRE(config.extra.at("datasets").is_array());
  CHECK(config.extra.at("datasets").as_array().size() == 6);
  CHECK(config.extra.at("datasets").at(0).at("dataset_id").as_string() == "simpleqa");
  CHECK(config.extra.at("benchmarks").as_array().size() == 6);
  CHECK(config.extra.at("scoring_fns").as_array().empty());
}

TEST_CASE("Python postgres-demo: store settings are typed") {
  Environment env = Environment::isolated();
  env.set("INFERENCE_MODEL", "meta-llama/Llama-3.2-3B-Instruct");
  env.set("POSTGRES_PORT", "6543");
  const RunConfig config = load_run_config(python_file("postgres-demo/run.yaml"), env);
  const auto& agents = *std::find_if(config.providers.begin(), config.providers.end(),
                                     [](const auto& e) { return e.api == "agents"; });
  CHECK(agents.config.at("persistence_store").at("port").as_int64() == 6543);
  CHECK(agents.config.at("persistence_store").at("type").as_string() == "postgres");
  CHECK(config.extra.at("metadata_store").at("table_name").as_string() == "llamastack_kvstore");
}
