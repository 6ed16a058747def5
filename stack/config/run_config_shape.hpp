#pragma once
// Internal to stack/config: tells a run config from the other YAML files a
// user may point us at (a build.yaml, a list, a scalar, an empty file), so
// those are refused with what they look like instead of loading as a stack
// with nothing in it.
#include "stack/config/yaml_json.hpp"

namespace llama_stack::config_detail {

// Throws ConfigError naming the file unless `root` is a mapping with a
// `providers` or an `apis` key.
void require_run_config_shape(const YamlDocument& document, const YAML::Node& root);

}  // namespace llama_stack::config_detail
