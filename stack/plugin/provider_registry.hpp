#pragma once
// The provider plugins this stack can instantiate: every shared object found
// on the search path that exports a valid ProviderDescriptor. The registry
// owns the loaded libraries, so it must outlive every provider created from
// them. It is the one global-like object of the stack, but it is a value the
// caller owns, not a singleton.
#include "stack/plugin/provider_schema.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/provider.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

class Environment;
struct AvailableProvider;
struct InstallLayout;

struct RegisteredProvider {
  std::string api;
  std::string provider_type;
  std::string description;
  std::vector<ConfigKeyInfo> config_keys;
  // The descriptor's own declaration (in the plugin, loaded as long as the
  // registry is): what the provider's ProviderConfig reads defaults from.
  ConfigSchema config_schema;
  // Generated from config_keys, or the external descriptor's `config`.
  std::string sample_config;
  std::vector<std::string> api_dependencies;
  std::string sdk_version;
  std::filesystem::path file;
  std::string origin;  // where the search found it: "builtin", "LLAMA_STACK_PROVIDER_PATH", ...
  ProviderFactory factory = nullptr;
};

struct PluginLoadFailure {
  std::filesystem::path file;
  std::string origin;
  PluginError error;  // file, stage ("load", "abi check", ...) and cause
};

class ProviderRegistry {
 public:
  ProviderRegistry();
  ~ProviderRegistry();
  ProviderRegistry(ProviderRegistry&&) noexcept;
  ProviderRegistry& operator=(ProviderRegistry&&) noexcept;

  // The default search path, in precedence order: each entry of the
  // colon-separated LLAMA_STACK_PROVIDER_PATH (a directory or a file), the
  // run.yaml's external provider directory, then the built-in providers of
  // `layout` (recursively in a build tree). The first registration of a
  // provider type wins; a later one is a failure.
  static ProviderRegistry discover(const Environment& env, const InstallLayout& layout,
                                   const std::filesystem::path& external_providers_dir = {});
  // For callers that have no layout of their own (the CLI, tests):
  // discovers with InstallLayout::detect(env).
  static ProviderRegistry discover(const Environment& env,
                                   const std::filesystem::path& external_providers_dir = {});

  // Loads every *.so in `dir` (recursively when asked), and every provider
  // descriptor *.yaml when `descriptors` is set. Failures are recorded, not
  // thrown, so that one broken plugin does not stop the others.
  void scan_directory(const std::filesystem::path& dir, const std::string& origin,
                      bool recursive = false, bool descriptors = false);
  // Loads one plugin file; returns false and records a failure if it cannot.
  bool load_file(const std::filesystem::path& file, const std::string& origin);
  // Loads the plugin an external provider descriptor names:
  //   api: inference                  # default: from the folder (remote/inference/x.yaml)
  //   provider_type: remote::example  # default: <remote|inline>::<file name>
  //   library: lib/example.so         # relative to the descriptor file
  //   description: ...                # optional
  //   config: {...}                   # optional: replaces the plugin's sample config
  // The plugin's own descriptor must agree on api and provider_type.
  bool load_descriptor(const std::filesystem::path& yaml_file, const std::string& origin);

  // The plugin serving `provider_type` for `api`: one provider type may
  // serve several APIs (remote::nvidia: inference, safety, eval, ...), each
  // from its own plugin.
  const RegisteredProvider* find(std::string_view api, std::string_view provider_type) const;
  // The APIs some plugin serves `provider_type` for, for error messages.
  std::vector<std::string> apis_of(std::string_view provider_type) const;
  const std::vector<RegisteredProvider>& providers() const noexcept { return providers_; }
  const std::vector<PluginLoadFailure>& failures() const noexcept { return failures_; }
  std::vector<AvailableProvider> available() const;

  // "remote::ollama, inline::foo" — for error messages.
  std::string describe_available(std::string_view api = {}) const;
  // One line per failure, or "" when none — for error messages.
  std::string describe_failures() const;

 private:
  // The steps of discover, in its precedence order.
  void scan_provider_path(const std::string& provider_path);
  void scan_external_providers_dir(const std::filesystem::path& dir);
  void scan_builtin(const InstallLayout& layout);

  struct Library;
  std::vector<std::unique_ptr<Library>> libraries_;
  std::vector<RegisteredProvider> providers_;
  std::vector<PluginLoadFailure> failures_;
};

}  // namespace llama_stack
