#include "stack/config/environment.hpp"
#include "stack/layout/install_layout.hpp"
#include "stack/plugin/provider_registry.hpp"

#include <llama_stack/sdk_version.hpp>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

using namespace llama_stack;
namespace fs = std::filesystem;

namespace {
const fs::path kGood = TEST_PLUGIN_GOOD_DIR;
const fs::path kBroken = TEST_PLUGIN_BROKEN_DIR;

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}
bool contains(const PluginError& error, const std::string& needle) {
  return contains(std::string(error.what()), needle);
}

// Loads `file` (origin "test"), which must fail and be the registry's only
// failure: that failure's error.
const PluginError& only_failure(ProviderRegistry& registry, const fs::path& file) {
  CHECK_FALSE(registry.load_file(file, "test"));
  REQUIRE(registry.failures().size() == 1);
  return registry.failures()[0].error;
}
}  // namespace

TEST_CASE("a directory scan registers every plugin in it with its descriptor") {
  ProviderRegistry registry;
  registry.scan_directory(kGood, "test");
  CHECK(registry.failures().empty());
  REQUIRE(registry.providers().size() == 2);
  const RegisteredProvider* echo = registry.find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->api == "inference");
  CHECK(echo->sdk_version == kSdkVersion);
  CHECK(echo->file == kGood / "test-plugin-echo.so");
  CHECK(echo->origin == "test");
  // Generated from the declared keys: only those in the sample, with their variables.
  CHECK(echo->sample_config == "mode: ${env.TEST_ECHO_MODE:=echo}\n");
  REQUIRE(echo->config_keys.size() == 3);
  CHECK(echo->config_keys[2].name == "verbose");
  CHECK(echo->config_keys[2].aliases == std::vector<std::string>{"chatty"});
  const RegisteredProvider* guard = registry.find("eval", "inline::test-guard");
  REQUIRE(guard != nullptr);
  CHECK(guard->api_dependencies == std::vector<std::string>{"inference"});
  CHECK(registry.find("inference", "remote::nothing") == nullptr);
}

TEST_CASE("a shared object without the entry symbol is reported as not a plugin") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-not-a-plugin.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "not a llama-stack provider plugin"));
  CHECK(contains(error, "llama_stack_provider"));
}

TEST_CASE("an unresolved symbol fails at load time naming the file and the symbol") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-missing-symbol.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "llama_stack_test_undefined_function"));
  CHECK(registry.providers().empty());
}

TEST_CASE("an ABI mismatch names both versions and the file") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-bad-abi.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "ABI version 999"));
  CHECK(contains(error, "ABI version " + std::to_string(kSdkAbiVersion)));
  CHECK(contains(error, kSdkVersion));
  CHECK(error.file() == file.string());
  CHECK(error.stage() == "abi check");
}

TEST_CASE("an entry symbol that is not a descriptor pointer is not a plugin, and nothing crashes") {
  const std::pair<const char*, const char*> cases[] = {
      {"test-plugin-null-entry.so", "is a null pointer"},
      {"test-plugin-function-entry.so", "is not a data object"},
      {"test-plugin-stray-entry.so", "does not point at a descriptor in the plugin's data"},
  };
  for (const auto& [name, why] : cases) {
    CAPTURE(name);
    ProviderRegistry registry;
    const fs::path file = kBroken / name;
    const PluginError& error = only_failure(registry, file);
    CHECK(error.file() == file.string());
    CHECK(error.stage() == "entry point");
    CHECK(contains(error.cause(), "not a llama-stack provider plugin"));
    CHECK(contains(error.cause(), why));
  }
}

TEST_CASE("a plugin built against a newer SDK names both versions") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-bad-sdk.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(error.file() == file.string());
  CHECK(error.stage() == "sdk version check");
  CHECK(contains(error.cause(), "built against SDK 0.99.0"));
  CHECK(contains(error.cause(), std::string("this stack has SDK ") + kSdkVersion));
  CHECK(registry.providers().empty());
}

TEST_CASE("a plugin declaring a default its own type refuses is refused, naming the key") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-bad-default.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(error.file() == file.string());
  CHECK(contains(error.cause(), "config key 'retries' has a default its type refuses"));
  CHECK(registry.providers().empty());
}

TEST_CASE("load failures keep their structure: file, stage and cause") {
  ProviderRegistry registry;
  CHECK_FALSE(registry.load_file(kBroken / "test-plugin-not-a-plugin.so", "test"));
  CHECK_FALSE(registry.load_file(kBroken / "test-plugin-missing-symbol.so", "test"));
  REQUIRE(registry.failures().size() == 2);
  CHECK(registry.failures()[0].error.stage() == "entry point");
  CHECK(registry.failures()[1].error.stage() == "load");
  CHECK(contains(registry.failures()[1].error.cause(), "llama_stack_test_undefined_function"));
  CHECK(std::string(registry.failures()[0].error.what()) ==
        registry.failures()[0].error.file() + ": entry point: " + registry.failures()[0].error.cause());
}

TEST_CASE("a duplicate provider_type names both files and keeps the first") {
  ProviderRegistry registry;
  REQUIRE(registry.load_file(kGood / "test-plugin-echo.so", "first"));
  const fs::path dup = kBroken / "test-plugin-duplicate-echo.so";
  CHECK_FALSE(registry.load_file(dup, "second"));
  REQUIRE(registry.failures().size() == 1);
  const auto& error = registry.failures()[0].error;
  CHECK(contains(error, dup.string()));
  CHECK(contains(error, "duplicate provider_type 'inline::test-echo' for API 'inference'"));
  CHECK(error.stage() == "registration");
  CHECK(contains(error, (kGood / "test-plugin-echo.so").string()));
  CHECK(registry.find("inference", "inline::test-echo")->file == kGood / "test-plugin-echo.so");
}

TEST_CASE("a file that is not a shared object is reported, not fatal") {
  const fs::path dir = fs::temp_directory_path() / "llama-stack-registry-test";
  fs::create_directories(dir);
  std::ofstream(dir / "garbage.so") << "this is not an ELF file";
  ProviderRegistry registry;
  registry.scan_directory(dir, "test");
  registry.scan_directory(kGood, "test");
  REQUIRE(registry.failures().size() == 1);
  CHECK(contains(registry.failures()[0].error, (dir / "garbage.so").string()));
  CHECK(contains(registry.failures()[0].error, "cannot load shared object"));
  CHECK(registry.providers().size() == 2);
  fs::remove_all(dir);
}

TEST_CASE("LLAMA_STACK_PROVIDER_PATH entries come first and missing ones are reported") {
  auto env = Environment::isolated();
  env.set("LLAMA_STACK_PROVIDER_PATH",
          kGood.string() + ":/nonexistent/plugin-dir:" + (kBroken / "test-plugin-throws.so").string());
  auto registry = ProviderRegistry::discover(env);
  const RegisteredProvider* echo = registry.find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->origin == "LLAMA_STACK_PROVIDER_PATH");
  REQUIRE(registry.find("inference", "inline::test-throws") != nullptr);
  bool reported = false;
  for (const auto& f : registry.failures())
    reported |= contains(f.error, "/nonexistent/plugin-dir") && contains(f.error, "does not exist");
  CHECK(reported);
  // The built-in providers are found too.
  CHECK(registry.find("inference", "remote::ollama") != nullptr);
  CHECK(contains(registry.describe_available("inference"), "remote::ollama"));
}

TEST_CASE("the built-in providers are those of the layout discovery is given") {
  InstallLayout layout;
  layout.kind = InstallLayout::Kind::install;
  layout.provider_dir = kGood;
  auto registry = ProviderRegistry::discover(Environment::isolated(), layout);
  CHECK(registry.failures().empty());
  CHECK(registry.providers().size() == 2);
  const RegisteredProvider* echo = registry.find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->origin == "builtin");
  CHECK(registry.find("inference", "remote::ollama") == nullptr);
}

namespace {
struct TempDir {
  fs::path path;
  explicit TempDir(const std::string& name) : path(fs::temp_directory_path() / name) {
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

void write(const fs::path& file, const std::string& text) {
  fs::create_directories(file.parent_path());
  std::ofstream(file) << text;
}
}  // namespace

TEST_CASE("an external provider descriptor names the library and may replace the sample config") {
  TempDir dir("llama-stack-descriptor-test");
  write(dir.path / "echo.yaml", "api: inference\nprovider_type: inline::test-echo\nlibrary: " +
                                    (kGood / "test-plugin-echo.so").string() +
                                    "\ndescription: echo via descriptor\nconfig:\n  mode: upper\n");
  ProviderRegistry registry;
  CHECK(registry.load_descriptor(dir.path / "echo.yaml", "external_providers_dir"));
  CHECK(registry.failures().empty());
  const RegisteredProvider* echo = registry.find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->description == "echo via descriptor");
  CHECK(contains(echo->sample_config, "mode: upper"));
  CHECK(contains(echo->origin, (dir.path / "echo.yaml").string()));
}

TEST_CASE("the Python layout <dir>/<kind>/<api>/<name>.yaml gives api and provider_type") {
  TempDir dir("llama-stack-descriptor-layout");
  fs::copy_file(kGood / "test-plugin-echo.so", dir.path / "echo.so");
  write(dir.path / "inline" / "inference" / "test-echo.yaml", "library: ../../echo.so\n");
  auto env = Environment::isolated();
  auto registry = ProviderRegistry::discover(env, dir.path);
  const RegisteredProvider* echo = registry.find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->api == "inference");
  // The .so the descriptor loaded is not loaded a second time by the scan.
  for (const auto& f : registry.failures()) CHECK_MESSAGE(!contains(f.error, "echo.so"), f.error.what());
}

TEST_CASE("descriptor errors name the descriptor and what is wrong") {
  TempDir dir("llama-stack-descriptor-errors");
  ProviderRegistry registry;
  write(dir.path / "mismatch.yaml", "api: inference\nprovider_type: remote::other\nlibrary: " +
                                        (kGood / "test-plugin-echo.so").string() + "\n");
  CHECK_FALSE(registry.load_descriptor(dir.path / "mismatch.yaml", "test"));
  CHECK(contains(registry.failures().back().error, "mismatch.yaml: descriptor file: declares remote::other"));
  CHECK(contains(registry.failures().back().error, "provides inline::test-echo"));
  CHECK(registry.find("inference", "inline::test-echo") == nullptr);

  write(dir.path / "nolib.yaml", "api: inference\nprovider_type: remote::x\n");
  CHECK_FALSE(registry.load_descriptor(dir.path / "nolib.yaml", "test"));
  CHECK(contains(registry.failures().back().error, "nolib.yaml: descriptor file: 'library'"));

  write(dir.path / "missing.yaml", "api: inference\nprovider_type: remote::x\nlibrary: nowhere.so\n");
  CHECK_FALSE(registry.load_descriptor(dir.path / "missing.yaml", "test"));
  CHECK(contains(registry.failures().back().error, "missing.yaml: library"));
  CHECK(contains(registry.failures().back().error, "nowhere.so"));

  write(dir.path / "broken.yaml", "api: [unclosed\n");
  CHECK_FALSE(registry.load_descriptor(dir.path / "broken.yaml", "test"));
  CHECK(contains(registry.failures().back().error, "broken.yaml: descriptor file: not a readable provider descriptor"));

  write(dir.path / "notype.yaml", "library: x.so\n");
  CHECK_FALSE(registry.load_descriptor(dir.path / "notype.yaml", "test"));
  CHECK(contains(registry.failures().back().error, "'provider_type' is missing"));
}

TEST_CASE("a plugin whose dependency library is missing names the file and the library") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-needs-dep.so";
  const PluginError& error = only_failure(registry, file);
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "cannot load shared object"));
  CHECK(contains(error, "libllama-stack-test-missing.so"));
  CHECK(registry.find("inference", "inline::test-needs-dep") == nullptr);
}
