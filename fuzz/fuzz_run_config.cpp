// run.yaml / config.yaml loading (YAML, ${env...}, the shape checks) on any
// text. The only error is a ConfigError (naming the file); a config that
// loads has the invariants parse_run_config promises.
#include "fuzz/fuzz_support.hpp"
#include "stack/config/run_config.hpp"

#include <llama_stack/errors.hpp>

using namespace llama_stack;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Environment env = [] {
    Environment e = Environment::isolated();
    e.set("OLLAMA_URL", "http://localhost:11434");
    e.set("EMPTY", "");
    return e;
  }();
  try {
    const RunConfig config = parse_run_config(fuzz::as_text(data, size), "fuzz.yaml", env);
    for (const auto& provider : config.providers) {
      fuzz::check(!provider.provider_id.empty(), "an enabled provider has a provider_id");
    }
  } catch (const ConfigError& e) {
    fuzz::check(std::string_view(e.what()).find("fuzz.yaml") != std::string_view::npos,
                "a config error names the file");
  }
  return 0;
}
