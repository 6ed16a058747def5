#include "stack/config/stack_pointer.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>
#include <boost/json/serialize.hpp>

using config_test::config_error;
using config_test::TempDir;
using config_test::write_text;
using llama_stack::AvailableProvider;
using llama_stack::classify_stack_pointer;
using llama_stack::Environment;
using llama_stack::resolve_stack_pointer;
using llama_stack::RunConfig;
using llama_stack::StackPointerKind;

namespace {

namespace fs = std::filesystem;

// Switches the working directory for one test; bare names are looked up there.
class WorkingDirectory {
 public:
  explicit WorkingDirectory(const fs::path& dir) : previous_(fs::current_path()) {
    fs::current_path(dir);
  }
  ~WorkingDirectory() {
    std::error_code ec;
    fs::current_path(previous_, ec);
  }
  WorkingDirectory(const WorkingDirectory&) = delete;
  WorkingDirectory& operator=(const WorkingDirectory&) = delete;

 private:
  fs::path previous_;
};

std::string run_yaml(std::string_view image_name) {
  return "version: 2\nimage_name: " + std::string(image_name) +
         "\nproviders:\n  inference:\n  - provider_id: p\n    provider_type: remote::p\n";
}

std::vector<AvailableProvider> registry() {
  return {
      {"inference", "remote::ollama", "url: ${env.OLLAMA_URL:=http://localhost:11434}\n"},
      {"inference", "remote::vllm",
       "url: ${env.VLLM_URL:=http://localhost:8000/v1}\nmax_tokens: ${env.VLLM_MAX_TOKENS:=4096}\n"
       "tls_verify: ${env.VLLM_TLS_VERIFY:=true}\n"},
      {"inference", "inline::vllm", "model: ${env.VLLM_MODEL:=}\n"},
      {"inference", "inline::meta-reference", ""},
      {"safety", "inline::llama-guard", "excluded_categories: []\n"},
      {"vector_io", "inline::faiss",
       "kvstore:\n  type: sqlite\n  db_path: ${env.SQLITE_STORE_DIR:=~/.llama/adhoc}/faiss.db\n"},
      {"vector_io", "remote::needs-key", "api_key: ${env.NEEDS_KEY_API_KEY}\n"},
  };
}

RunConfig adhoc(std::string_view spec, const Environment& env = Environment::isolated()) {
  return resolve_stack_pointer(spec, env, {}, registry());
}

}  // namespace

TEST_CASE("classify_stack_pointer") {
  CHECK(classify_stack_pointer("starter") == StackPointerKind::distribution);
  CHECK(classify_stack_pointer("ci-tests") == StackPointerKind::distribution);
  CHECK(classify_stack_pointer("run.yaml") == StackPointerKind::file);
  CHECK(classify_stack_pointer("my-stack.yml") == StackPointerKind::file);
  CHECK(classify_stack_pointer("RUN.YAML") == StackPointerKind::file);
  CHECK(classify_stack_pointer("./starter") == StackPointerKind::file);
  CHECK(classify_stack_pointer("/etc/llama/run") == StackPointerKind::file);
  CHECK(classify_stack_pointer("inference=ollama") == StackPointerKind::adhoc);
  CHECK(classify_stack_pointer("inference=ollama;safety=llama-guard") == StackPointerKind::adhoc);
  CHECK(classify_stack_pointer("dir/x=y.yaml") == StackPointerKind::adhoc);  // '=' decides first

  TempDir dir;
  write_text(dir.path() / "mystack", run_yaml("x"));
  fs::create_directories(dir.path() / "starter");
  WorkingDirectory cwd(dir.path());
  CHECK(classify_stack_pointer("mystack") == StackPointerKind::file);          // an existing file
  CHECK(classify_stack_pointer("starter") == StackPointerKind::distribution);  // a directory is not
}

TEST_CASE("distribution names resolve through distribution_dirs in order") {
  TempDir first;
  TempDir second;
  write_text(first.path() / "zeta" / "run.yaml", run_yaml("zeta-first"));
  write_text(first.path() / "shared" / "run.yaml", run_yaml("shared-first"));
  fs::create_directories(first.path() / "no-run-yaml");
  write_text(first.path() / "loose.yaml", run_yaml("loose"));
  write_text(second.path() / "alpha" / "run.yaml", run_yaml("alpha-second"));
  write_text(second.path() / "shared" / "run.yaml", run_yaml("shared-second"));
  const std::vector<fs::path> dirs{first.path() / "does-not-exist", first.path(), second.path()};
  const Environment env = Environment::isolated();

  const RunConfig shared = resolve_stack_pointer("shared", env, dirs, {});
  CHECK(shared.image_name == "shared-first");
  CHECK(shared.source == first.path() / "shared" / "run.yaml");
  CHECK(resolve_stack_pointer("alpha", env, dirs, {}).image_name == "alpha-second");

  const std::string message =
      config_error([&] { resolve_stack_pointer("nope", env, dirs, {}); },
                   {"unknown distribution 'nope'", "available: alpha, shared, zeta",
                    first.path().string(), second.path().string()});
  CHECK(message.find("no-run-yaml") == std::string::npos);
  CHECK(message.find("loose") == std::string::npos);

  config_error([&] { resolve_stack_pointer("nope", env, {}, {}); },
               {"unknown distribution 'nope'", "available: none"});
  config_error([&] { resolve_stack_pointer("", env, dirs, {}); }, {"empty stack pointer"});
  config_error([&] { resolve_stack_pointer("..", env, dirs, {}); }, {"not a distribution name"});
}

TEST_CASE("the starter distribution resolves by name") {
  TempDir dir;
  write_text(dir.path() / "starter" / "run.yaml",
             config_test::read_text(config_test::fixture("distributions/starter.run.yaml")));
  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://ollama:11434");
  const RunConfig config = resolve_stack_pointer("starter", env, {dir.path()}, {});
  CHECK(config.image_name == "starter");
  CHECK(config.providers.size() == 29);
}

TEST_CASE("file pointers") {
  const auto fixture = config_test::fixture("distributions/ci-tests.run.yaml");
  const RunConfig config =
      resolve_stack_pointer(fixture.string(), Environment::isolated(), {}, registry());
  CHECK(config.image_name == "ci-tests");
  CHECK(config.source == fixture);

  TempDir dir;
  const auto missing = (dir.path() / "missing.yaml").string();
  config_error([&] { resolve_stack_pointer(missing, Environment::isolated(), {}, {}); },
               {missing, "does not exist"});
}

TEST_CASE("ad-hoc spec with one provider") {
  const RunConfig config = adhoc("inference=ollama");
  CHECK(config.image_name == "adhoc");
  CHECK(config.source.empty());
  CHECK(config.apis == std::vector<std::string>{"inference"});
  REQUIRE(config.providers.size() == 1);
  const auto& entry = config.providers[0];
  CHECK(entry.api == "inference");
  CHECK(entry.provider_type == "remote::ollama");
  CHECK(entry.provider_id == "ollama");
  CHECK(boost::json::serialize(entry.config) == R"({"url":"http://localhost:11434"})");
  CHECK(config.disabled_providers.empty());

  Environment env = Environment::isolated();
  env.set("OLLAMA_URL", "http://gpu:11434");
  CHECK(adhoc("inference=ollama", env).providers[0].config.at("url").as_string() ==
        "http://gpu:11434");
}

TEST_CASE("ad-hoc spec with several providers, ',' and ';', spaces and empty pairs") {
  Environment env = Environment::isolated();
  env.set("SQLITE_STORE_DIR", "/data");
  const RunConfig config = adhoc(
      " inference = ollama ; vector_io=faiss,, safety=llama-guard ;inference=remote::vllm;", env);
  CHECK(config.apis == std::vector<std::string>{"inference", "vector_io", "safety"});
  REQUIRE(config.providers.size() == 4);
  CHECK(config.providers[0].provider_id == "ollama");
  CHECK(config.providers[1].provider_type == "inline::faiss");
  CHECK(config.providers[1].config.at("kvstore").at("db_path").as_string() == "/data/faiss.db");
  CHECK(config.providers[2].provider_type == "inline::llama-guard");
  CHECK(boost::json::serialize(config.providers[2].config) == R"({"excluded_categories":[]})");
  // The same api twice, with different providers, gives two entries.
  CHECK(config.providers[3].api == "inference");
  CHECK(config.providers[3].provider_type == "remote::vllm");
  CHECK(config.providers[3].provider_id == "vllm");
  // Sample configs get the same typing as run.yaml.
  CHECK(boost::json::serialize(config.providers[3].config) ==
        R"({"url":"http://localhost:8000/v1","max_tokens":4096,"tls_verify":true})");
  CHECK(config.providers[0].config.at("url").as_string() == "http://localhost:11434");
}

TEST_CASE("ad-hoc provider names: as given, then inline::, then remote::") {
  CHECK(adhoc("inference=vllm").providers[0].provider_type == "inline::vllm");
  CHECK(adhoc("inference=remote::vllm").providers[0].provider_type == "remote::vllm");
  CHECK(adhoc("inference=inline::vllm").providers[0].provider_type == "inline::vllm");
  CHECK(adhoc("inference=meta-reference").providers[0].provider_id == "meta-reference");
  CHECK(adhoc("inference=meta-reference").providers[0].config.empty());

  // A provider registered under its bare name wins over prefixed ones.
  const std::vector<AvailableProvider> available{{"inference", "inline::custom", ""},
                                                 {"inference", "custom", "k: v\n"}};
  const RunConfig config =
      resolve_stack_pointer("inference=custom", Environment::isolated(), {}, available);
  CHECK(config.providers[0].provider_type == "custom");
  CHECK(config.providers[0].provider_id == "custom");
  CHECK(config.providers[0].config.at("k").as_string() == "v");
}

// The guide's first ad-hoc example names agents, which no plugin here serves.
TEST_CASE("ad-hoc spec: a Llama Stack api without a plugin here loads as given, with no config") {
  const RunConfig config = adhoc("inference=ollama,safety=llama-guard,agents=inline::meta-reference");
  CHECK(config.apis == std::vector<std::string>{"inference", "safety", "agents"});
  REQUIRE(config.providers.size() == 3);
  CHECK(config.providers[2].api == "agents");
  CHECK(config.providers[2].provider_type == "inline::meta-reference");
  CHECK(config.providers[2].provider_id == "meta-reference");
  CHECK(config.providers[2].config.empty());
}

// As Python's run_config_from_adhoc_config_spec: a metadata and an inference store.
TEST_CASE("ad-hoc spec: the stack's stores in the adhoc distro dir, or SQLITE_STORE_DIR") {
  CHECK(adhoc("inference=ollama").extra.at("inference_store").at("db_path") ==
        "~/.llama/distributions/adhoc/inference_store.db");
  Environment env = Environment::isolated();
  env.set("SQLITE_STORE_DIR", "/data");
  const RunConfig config = adhoc("inference=ollama", env);
  CHECK(config.extra.at("inference_store").at("type") == "sqlite");
  CHECK(config.extra.at("inference_store").at("db_path") == "/data/inference_store.db");
  CHECK(config.extra.at("metadata_store").at("db_path") == "/data/kvstore.db");
}

TEST_CASE("ad-hoc spec: the starter's shield and tool groups for the providers that serve them") {
  std::vector<AvailableProvider> available = registry();
  available.push_back({"tool_runtime", "inline::rag-runtime", ""});
  available.push_back({"tool_runtime", "remote::tavily-search", ""});
  available.push_back({"tool_runtime", "remote::brave-search", ""});
  Environment env = Environment::isolated();
  const std::string spec = "inference=ollama,safety=llama-guard,tool_runtime=brave-search,"
                           "tool_runtime=tavily-search,tool_runtime=rag-runtime";
  RunConfig config = resolve_stack_pointer(spec, env, {}, available);
  CHECK(config.shields.empty());  // no SAFETY_MODEL, no shield (as the starter's)
  REQUIRE(config.tool_groups.size() == 2);
  CHECK(config.tool_groups[0].toolgroup_id == "builtin::rag");
  CHECK(config.tool_groups[0].provider_id == "rag-runtime");
  CHECK(config.tool_groups[1].toolgroup_id == "builtin::websearch");
  CHECK(config.tool_groups[1].provider_id == "tavily-search");

  env.set("SAFETY_MODEL", "ollama/llama-guard3:1b");
  config = resolve_stack_pointer("safety=llama-guard,tool_runtime=brave-search", env, {}, available);
  REQUIRE(config.shields.size() == 1);
  CHECK(config.shields[0].shield_id == "llama-guard");
  CHECK(config.shields[0].provider_id == "llama-guard");
  CHECK(config.shields[0].provider_shield_id == "ollama/llama-guard3:1b");
  REQUIRE(config.tool_groups.size() == 1);
  CHECK(config.tool_groups[0].provider_id == "brave-search");
  CHECK(adhoc("inference=ollama").tool_groups.empty());
}

TEST_CASE("ad-hoc spec errors") {
  config_error([] { adhoc("inference=ollama,bogus=x"); },
               {"unknown api 'bogus' in stack spec 'inference=ollama,bogus=x'",
                "available apis: inference, safety, vector_io"});
  config_error([] { adhoc("inference=nope"); },
               {"unknown provider 'nope' for api 'inference'",
                "available: inline::meta-reference, inline::vllm, remote::ollama, remote::vllm"});
  // An api name is not a provider of another api.
  config_error([] { adhoc("safety=ollama"); },
               {"unknown provider 'ollama' for api 'safety'", "available: inline::llama-guard"});

  for (std::string_view spec : {"inference=ollama,safety", "inference=ollama;=faiss",
                                "inference=", "inference = ", "a=b=c"}) {
    CAPTURE(spec);
    config_error([&] { adhoc(spec); }, {"malformed pair '", std::string(spec), "api=provider"});
  }
  config_error([] { adhoc("inference=ollama, safety ;"); }, {"malformed pair 'safety'"});

  config_error([] { adhoc("inference=ollama,inference=remote::ollama"); },
               {"'ollama' given twice", "inference"});

  // The sample config is substituted like a run.yaml, with its own source name.
  config_error([] { adhoc("vector_io=needs-key"); },
               {"remote::needs-key sample config", "api_key", "NEEDS_KEY_API_KEY", "not set"});
  Environment env = Environment::isolated();
  env.set("NEEDS_KEY_API_KEY", "k");
  CHECK(adhoc("vector_io=needs-key", env).providers[0].config.at("api_key").as_string() == "k");

  const std::vector<AvailableProvider> broken{{"inference", "remote::broken", "url: [unclosed\n"}};
  config_error(
      [&] { resolve_stack_pointer("inference=broken", Environment::isolated(), {}, broken); },
      {"remote::broken sample config:", "YAML syntax error"});
}
