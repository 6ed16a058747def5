// Our distributions' run.yaml files and sample stacks against the keys the
// built providers declare: a `${env.VAR:=default}` written in YAML states a
// provider's default a second time, and this holds the two together (the
// declaration is the one place a default lives; the YAML must agree with it).
#include "stack/config/environment.hpp"
#include "stack/plugin/provider_registry.hpp"

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

using namespace llama_stack;
namespace fs = std::filesystem;

namespace {

struct Mismatch {
  std::string where;  // "distributions/starter/run.yaml: inference ollama (remote::ollama) url"
  std::string problem;
};

const ConfigKeyInfo* declared(const RegisteredProvider& p, const std::string& name) {
  for (const auto& k : p.config_keys)
    if (k.name == name || std::find(k.aliases.begin(), k.aliases.end(), name) != k.aliases.end())
      return &k;
  return nullptr;
}

// The YAML value's own default and variable when it is exactly
// ${env.VAR:=default} (a value built around one, such as a path under
// ${env.SQLITE_STORE_DIR:=...}, states no default of the key).
bool env_default(const std::string& value, std::string& variable, std::string& fallback) {
  static const std::regex kWhole(R"(^\$\{env\.([A-Za-z_][A-Za-z0-9_]*):=([^}]*)\}$)");
  std::smatch m;
  if (!std::regex_match(value, m, kWhole)) return false;
  variable = m[1];
  fallback = m[2];
  return true;
}

// Providers of the Python stack's distributions that llama-stack-cpp does
// not build (bedrock, milvus, ...) have no declaration to hold their YAML to.
std::vector<Mismatch> check_file(const fs::path& file, const ProviderRegistry& registry,
                                 std::size_t& not_built) {
  std::vector<Mismatch> out;
  const YAML::Node root = YAML::LoadFile(file.string());
  const std::string image = root["image_name"].as<std::string>(root["distro_name"].as<std::string>(""));
  const std::string distro = "~/.llama/distributions/" + (image.empty() ? "adhoc" : image);
  const YAML::Node providers = root["providers"];
  if (!providers || !providers.IsMap()) return out;
  for (const auto& api_entry : providers) {
    const std::string api = api_entry.first.as<std::string>();
    for (const auto& entry : api_entry.second) {
      const std::string type = entry["provider_type"].as<std::string>("");
      std::string id = entry["provider_id"].as<std::string>("");
      std::string variable, fallback;
      if (env_default(id, variable, fallback)) id = fallback;
      const RegisteredProvider* p = registry.find(api, type);
      const std::string where = file.string() + ": " + api + " " + id + " (" + type + ")";
      if (p == nullptr) {
        ++not_built;
        continue;
      }
      const YAML::Node config = entry["config"];
      if (!config || !config.IsMap()) continue;
      for (const auto& kv : config) {
        const std::string name = kv.first.as<std::string>();
        if (!kv.second.IsScalar()) continue;
        if (!env_default(kv.second.Scalar(), variable, fallback)) continue;
        const ConfigKeyInfo* key = declared(*p, name);
        if (key == nullptr) {
          out.push_back({where + " " + name, "not a declared key"});
          continue;
        }
        const std::string mine = with_distro_dir(key->default_value.value_or(""), distro);
        if (fallback != mine)
          out.push_back({where + " " + name, "the YAML's default '" + fallback +
                                                 "' differs from the declared default '" + mine +
                                                 "'"});
        if (!key->env_var.empty() && variable != key->env_var)
          out.push_back({where + " " + name, "the YAML reads " + variable +
                                                 ", the declaration names " + key->env_var});
      }
    }
  }
  return out;
}

std::vector<fs::path> our_configs() {
  std::vector<fs::path> files;
  for (const auto& d : fs::directory_iterator("distributions"))
    if (fs::exists(d.path() / "run.yaml")) files.push_back(d.path() / "run.yaml");
  for (const auto& f : fs::directory_iterator("testsuite/fixtures/stacks"))
    if (f.path().extension() == ".yaml") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("every ${env.X:=default} in our run.yaml files and sample stacks is the declared default") {
  const ProviderRegistry registry = ProviderRegistry::discover(Environment::isolated());
  const auto files = our_configs();
  REQUIRE(files.size() >= 3);  // starter, ci-tests and at least one sample stack
  std::size_t checked = 0, not_built = 0;
  for (const auto& file : files) {
    const auto mismatches = check_file(file, registry, not_built);
    for (const auto& m : mismatches) {
      const std::string message = m.where + ": " + m.problem;
      FAIL_CHECK(message);
    }
    ++checked;
  }
  CHECK(checked == files.size());
  MESSAGE(checked << " files checked; " << not_built << " provider entries of providers not built here");
}

TEST_CASE("the check names both defaults when a YAML default differs from the declared one") {
  const ProviderRegistry registry = ProviderRegistry::discover(Environment::isolated());
  const fs::path dir = fs::temp_directory_path() / "declared-defaults-test";
  fs::create_directories(dir);
  const fs::path file = dir / "run.yaml";
  {
    std::FILE* f = std::fopen(file.string().c_str(), "w");
    REQUIRE(f != nullptr);
    std::fputs("providers:\n  inference:\n  - provider_id: ollama\n    provider_type: remote::ollama\n"
               "    config:\n      url: ${env.OLLAMA_URL:=http://localhost:9999}\n"
               "      model_discovery: ${env.OLLAMA_DISCOVERY:=openai}\n",
               f);
    std::fclose(f);
  }
  std::size_t not_built = 0;
  const auto mismatches = check_file(file, registry, not_built);
  fs::remove_all(dir);
  REQUIRE(mismatches.size() == 1);
  CHECK(mismatches[0].where.ends_with("inference ollama (remote::ollama) url"));
  CHECK(mismatches[0].problem ==
        "the YAML's default 'http://localhost:9999' differs from the declared default "
        "'http://localhost:11434'");
}
