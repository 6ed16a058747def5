#include "stack/config/run_config_shape.hpp"

#include "stack/config/split_list.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <vector>

namespace llama_stack::config_detail {
namespace {

constexpr std::string_view kExpected =
    "a run config is a mapping with 'providers:' (the providers of each api) and 'apis:'";

std::string excerpt(const std::string& text) {
  constexpr std::size_t kMax = 40;
  return text.size() > kMax ? text.substr(0, kMax) + "..." : text;
}

}  // namespace

void require_run_config_shape(const YamlDocument& document, const YAML::Node& root) {
  if (root.IsNull()) {
    throw ConfigError(document.source + ": not a run config: the file is empty (or only null); " +
                      std::string(kExpected));
  }
  if (root.IsScalar()) {
    document.fail(root, "",
                  "not a run config: expected a mapping, found a scalar ('" +
                      excerpt(root.Scalar()) + "'); " + std::string(kExpected));
  }
  if (!root.IsMap()) {
    document.fail(root, "",
                  "not a run config: expected a mapping, found " + describe(root.Type()) + "; " +
                      std::string(kExpected));
  }
  std::vector<std::string> keys;
  for (const auto& [key, value] : document.entries(root, "")) {
    if (key == "providers" || key == "apis") return;
    keys.push_back(key);
  }
  if (std::find(keys.begin(), keys.end(), "distribution_spec") != keys.end()) {
    document.fail(root, "",
                  "looks like a build.yaml (it has 'distribution_spec'), not a run config: a "
                  "build.yaml lists what to install, a run config what to run and how; give the "
                  "distribution's run.yaml (or config.yaml) instead");
  }
  constexpr std::size_t kMaxKeys = 8;
  const bool cut = keys.size() > kMaxKeys;
  if (cut) keys.resize(kMaxKeys);
  document.fail(root, "",
                "not a run config: it has neither 'providers' nor 'apis' (" +
                    (keys.empty() ? std::string("it is an empty mapping")
                                  : "its keys: " + join_list(keys) + (cut ? ", ..." : "")) +
                    "); " + std::string(kExpected));
}

}  // namespace llama_stack::config_detail
