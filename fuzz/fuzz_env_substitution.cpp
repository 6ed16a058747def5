// ${env...} substitution on any text. Properties: the only error is a
// ConfigError; the collecting form and the throwing form agree (same text
// when nothing is unset, an error when something is); text without "${env."
// comes back unchanged.
#include "fuzz/fuzz_support.hpp"
#include "stack/config/env_substitution.hpp"

#include <llama_stack/errors.hpp>

#include <optional>
#include <string>
#include <vector>

using namespace llama_stack;

namespace {

Environment fuzz_environment() {
  Environment env = Environment::isolated();
  env.set("SET", "value");
  env.set("EMPTY", "");
  env.set("A", "${env.SET}");  // a value is never substituted again
  env.set("URL", "http://localhost:11434");
  return env;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Environment env = fuzz_environment();
  const std::string_view text = fuzz::as_text(data, size);

  std::vector<UnsetReference> unset;
  std::optional<std::string> collected;
  try {
    collected = substitute_env(text, env, "fuzz.yaml:1: key", unset);
  } catch (const ConfigError&) {
  }
  std::optional<std::string> thrown;
  try {
    thrown = substitute_env(text, env, "fuzz.yaml:1: key");
  } catch (const ConfigError&) {
  }

  if (!collected) {
    fuzz::check(!thrown, "a malformed reference is an error in both forms");
    return 0;
  }
  fuzz::check(!unset.empty() || thrown == collected, "nothing unset: both forms give the same text");
  fuzz::check(unset.empty() || !thrown, "an unset variable is an error in the throwing form");
  for (const auto& ref : unset) fuzz::check(!ref.variable.empty(), "an unset reference names its variable");
  if (text.find("${env.") == std::string_view::npos) {
    fuzz::check(*collected == text, "text without references is unchanged");
  }
  return 0;
}
