#include "stack/config/environment.hpp"
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
}  // namespace

TEST_CASE("a directory scan registers every plugin in it with its descriptor") {
  ProviderRegistry registry;
  registry.scan_directory(kGood, "test");
  CHECK(registry.failures().empty());
  REQUIRE(registry.providers().size() == 2);
  const RegisteredProvider* echo = registry.find("inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->api == "inference");
  CHECK(echo->sdk_version == kSdkVersion);
  CHECK(echo->file == kGood / "test-plugin-echo.so");
  CHECK(echo->origin == "test");
  CHECK(echo->sample_config == "mode: ${env.TEST_ECHO_MODE:=echo}\n");
  const RegisteredProvider* guard = registry.find("inline::test-guard");
  REQUIRE(guard != nullptr);
  CHECK(guard->api_dependencies == std::vector<std::string>{"inference"});
  CHECK(registry.find("remote::nothing") == nullptr);
}

TEST_CASE("a shared object without the entry symbol is reported as not a plugin") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-not-a-plugin.so";
  CHECK_FALSE(registry.load_file(file, "test"));
  REQUIRE(registry.failures().size() == 1);
  const auto& error = registry.failures()[0].error;
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "not a llama-stack provider plugin"));
  CHECK(contains(error, "llama_stack_provider"));
}

TEST_CASE("an unresolved symbol fails at load time naming the file and the symbol") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-missing-symbol.so";
  CHECK_FALSE(registry.load_file(file, "test"));
  REQUIRE(registry.failures().size() == 1);
  const auto& error = registry.failures()[0].error;
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "llama_stack_test_undefined_function"));
  CHECK(registry.providers().empty());
}

TEST_CASE("an ABI mismatch names both versions and the file") {
  ProviderRegistry registry;
  const fs::path file = kBroken / "test-plugin-bad-abi.so";
  CHECK_FALSE(registry.load_file(file, "test"));
  REQUIRE(registry.failures().size() == 1);
  const auto& error = registry.failures()[0].error;
  CHECK(contains(error, file.string()));
  CHECK(contains(error, "ABI version 999"));
  CHECK(contains(error, "ABI version " + std::to_string(kSdkAbiVersion)));
  CHECK(contains(error, kSdkVersion));
}

TEST_CASE("a duplicate provider_type names both files and keeps the first") {
  ProviderRegistry registry;
  REQUIRE(registry.load_file(kGood / "test-plugin-echo.so", "first"));
  const fs::path dup = kBroken / "test-plugin-duplicate-echo.so";
  CHECK_FALSE(registry.load_file(dup, "second"));
  REQUIRE(registry.failures().size() == 1);
  const auto& error = registry.failures()[0].error;
  CHECK(contains(error, dup.string()));
  CHECK(contains(error, "duplicate provider_type 'inline::test-echo'"));
  CHECK(contains(error, (kGood / "test-plugin-echo.so").string()));
  CHECK(registry.find("inline::test-echo")->file == kGood / "test-plugin-echo.so");
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
  const RegisteredProvider* echo = registry.find("inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(echo->origin == "LLAMA_STACK_PROVIDER_PATH");
  REQUIRE(registry.find("inline::test-throws") != nullptr);
  bool reported = false;
  for (const auto& f : registry.failures())
    reported |= contains(f.error, "/nonexistent/plugin-dir") && contains(f.error, "does not exist");
  CHECK(reported);
  // The built-in providers are found too.
  CHECK(registry.find("remote::ollama") != nullptr);
  CHECK(contains(registry.describe_available("inference"), "remote::ollama"));
}
