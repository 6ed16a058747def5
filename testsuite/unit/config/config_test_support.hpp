#pragma once
// Helpers shared by the config tests: fixture paths, temporary directories
// and a checker for the text of expected ConfigErrors.
#include "stack/config/run_config.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace config_test {

inline std::filesystem::path fixture(const std::string& relative) {
  return std::filesystem::path(TEST_FIXTURE_DIR) / relative;
}

inline std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  REQUIRE_MESSAGE(in, "cannot open " << file.string());
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_text(const std::filesystem::path& file, std::string_view text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  REQUIRE(out.good());
}

// An isolated environment holding just `values`.
inline llama_stack::Environment env_with(
    std::initializer_list<std::pair<std::string, std::string>> values) {
  llama_stack::Environment env = llama_stack::Environment::isolated();
  for (const auto& [name, value] : values) env.set(name, value);
  return env;
}

// The first entry of `api` with `provider_type`, or null.
inline const llama_stack::ProviderEntry* find_provider(
    const std::vector<llama_stack::ProviderEntry>& entries, std::string_view api,
    std::string_view provider_type) {
  auto it = std::find_if(entries.begin(), entries.end(), [&](const auto& e) {
    return e.api == api && e.provider_type == provider_type;
  });
  return it == entries.end() ? nullptr : &*it;
}

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "config-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Runs `action`, which must throw ConfigError, and returns its message
// after checking that it contains each of `parts`.
inline std::string config_error(const std::function<void()>& action,
                                std::initializer_list<std::string_view> parts) {
  std::string message;
  try {
    action();
  } catch (const llama_stack::ConfigError& e) {
    message = e.what();
  }
  REQUIRE_MESSAGE(!message.empty(), "expected a ConfigError");
  for (std::string_view part : parts) {
    CHECK_MESSAGE(message.find(part) != std::string::npos, "'" << part << "' not in: " << message);
  }
  return message;
}

}  // namespace config_test
