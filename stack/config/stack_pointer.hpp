#pragma once
// The ways to point at a stack: a distribution name, a run.yaml path, or an
// ad-hoc spec "api=provider,api=provider" (';' also separates pairs).
#include "stack/config/environment.hpp"
#include "stack/config/run_config.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// A provider the registry can instantiate, as ad-hoc specs need to know it.
struct AvailableProvider {
  std::string api;
  std::string provider_type;
  std::string sample_config;  // YAML, may hold ${env...}
};

enum class StackPointerKind { distribution, file, adhoc };

// Which form `pointer` is: contains '=' → adhoc; names an existing file or
// ends in .yaml/.yml → file; otherwise a distribution name.
StackPointerKind classify_stack_pointer(std::string_view pointer);

// Resolves any form into a RunConfig.
//   distribution: <dir>/<name>/config.yaml (the newer name) or else
//                 <dir>/<name>/run.yaml, for the first of distribution_dirs
//                 that has either; unknown name → ConfigError listing the
//                 names found.
//   file:         load_run_config; missing file → ConfigError naming it.
//   adhoc:        each provider is tried as given, then "inline::"+p, then
//                 "remote::"+p among `available` for that api; its provider_id
//                 is the type without the inline::/remote:: prefix and its
//                 config the sample_config after substitution. An api of the
//                 Llama Stack no available provider serves gets the entry as
//                 given, with no config (the stack lists it as not running).
//                 Unknown api or provider → ConfigError listing what is available.
RunConfig resolve_stack_pointer(std::string_view pointer, const Environment& env,
                                const std::vector<std::filesystem::path>& distribution_dirs,
                                const std::vector<AvailableProvider>& available);

}  // namespace llama_stack
