#pragma once
// A run.yaml, parsed into typed values after ${env...} substitution.
#include "stack/config/environment.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ProviderEntry {
  std::string api;             // the key under `providers:` ("inference")
  std::string provider_id;     // after substitution; never empty here
  std::string provider_type;   // "remote::ollama"
  boost::json::object config;  // after substitution; YAML scalars typed (see below)
};

struct ModelEntry {
  std::string model_id;
  std::string provider_id;
  std::string provider_model_id;  // defaults to model_id
  std::string model_type = "llm";
  boost::json::object metadata;
};

struct ShieldEntry {
  std::string shield_id;
  std::string provider_id;
  std::string provider_shield_id;
  boost::json::object params;
};

struct VectorStoreEntry {
  std::string vector_store_id;  // `vector_db_id` in older files
  std::string provider_id;
  std::string embedding_model;
  std::optional<int> embedding_dimension;
};

struct ToolGroupEntry {
  std::string toolgroup_id;
  std::string provider_id;
  std::optional<std::string> mcp_endpoint;
  boost::json::object args;
};

// The run-config format version this stack reads (the Python stack's, and
// its newer config.yaml's).
inline constexpr int kRunConfigVersion = 2;

struct RunConfig {
  // The file this came from; empty for an ad-hoc spec.
  std::filesystem::path source;
  int version = 2;
  std::string image_name;
  std::vector<std::string> apis;
  // Enabled providers, in file order.
  std::vector<ProviderEntry> providers;
  // provider_type of entries disabled by an empty provider_id, per api.
  std::vector<ProviderEntry> disabled_providers;
  std::vector<ModelEntry> models;
  std::vector<ShieldEntry> shields;
  std::vector<VectorStoreEntry> vector_stores;
  std::vector<ToolGroupEntry> tool_groups;
  int server_port = 8321;
  std::optional<std::filesystem::path> external_providers_dir;
  // Top-level keys this version does not use, kept as JSON; with them the
  // kinds of `registered_resources` it does not model (datasets, scoring_fns,
  // benchmarks), under their own names as the older format writes them.
  boost::json::object extra;
  // What loaded but deserves a word ("<file>:<line>: <key path>: ..."), e.g.
  // a provider_id given twice for one api, where the later entry wins.
  std::vector<std::string> warnings;
};

// Parses run.yaml text, in the older form (top-level models, shields, ...,
// *_store) or the newer one (`config.yaml`: distro_name,
// registered_resources, storage backends and stores). `source_name` names
// the file in error messages. Scalars become JSON: plain (unquoted) scalars
// resolve like YAML's core schema (null, true/false, integers, floats),
// quoted ones stay strings.
// Throws ConfigError naming the file, the key path and the problem: a file
// that is not a run config (a build.yaml, a list, no `providers`/`apis`),
// an api name the Llama Stack does not have (api_names.hpp), a storage
// reference to an undefined backend; and every ${env.VAR} without default
// whose VAR is unset, all of them in one error.
RunConfig parse_run_config(std::string_view yaml_text, const std::string& source_name,
                           const Environment& env);
RunConfig load_run_config(const std::filesystem::path& file, const Environment& env);

// The distribution's directory, "~/.llama/distributions/<image_name>" (the
// Python stack's __distro_dir__): where declared defaults put a provider's
// files. A config without image_name is the ad-hoc stack's.
std::string distro_dir(const RunConfig& config);

}  // namespace llama_stack
