#pragma once
// The guide's suites (what runs) and setups (env and model defaults that any
// suite can use), as the Python test suite defines them.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

struct Setup {
  std::string name;
  std::string description;
  // Set only where the variable is not already set.
  std::map<std::string, std::string> env;
  // Model defaults keyed by option name without dashes ("text-model"); used
  // only where the option was not given.
  std::map<std::string, std::string> defaults;
};

struct Suite {
  std::string name;
  std::string description;
  std::string default_setup;
};

const std::vector<Setup>& known_setups();
const std::vector<Suite>& known_suites();
const Setup* find_setup(std::string_view name);
const Suite* find_suite(std::string_view name);

// Whether a test declared in `area` (its folder, "inference") and tagged
// `vision` belongs to `suite`.
bool suite_includes(const Suite& suite, std::string_view area, bool vision_test);

}  // namespace llama_stack::testing
