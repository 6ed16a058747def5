// Ad-hoc stack specs ("inference=ollama,safety=llama-guard"). The input's
// first line is the spec; the rest is the sample config of one more
// provider, remote::fuzz, so that the YAML of a chosen provider is fuzzed
// too. The only error is a ConfigError; a spec that resolves has one
// provider per pair, each of a type that is available.
#include "fuzz/fuzz_support.hpp"
#include "stack/config/api_names.hpp"
#include "stack/config/stack_pointer.hpp"

#include <llama_stack/errors.hpp>

#include <string>
#include <vector>

using namespace llama_stack;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const Environment env = Environment::isolated();
  const std::string_view input = fuzz::as_text(data, size);
  const std::size_t newline = input.find('\n');
  const std::string_view spec = input.substr(0, newline);
  const std::string_view sample =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  if (classify_stack_pointer(spec) != StackPointerKind::adhoc) return 0;  // a path or a name

  const std::vector<AvailableProvider> available = {
      {"inference", "remote::ollama", "url: ${env.OLLAMA_URL:=http://localhost:11434}\n"},
      {"inference", "remote::vllm", "url: ${env.VLLM_URL:=http://localhost:8000/v1}\nmax_tokens: 4096\n"},
      {"inference", "inline::sentence-transformers", "{}\n"},
      {"safety", "inline::llama-guard", "excluded_categories: []\n"},
      {"inference", "remote::fuzz", std::string(sample)},
  };
  try {
    const RunConfig config = resolve_stack_pointer(spec, env, {}, available);
    fuzz::check(!config.providers.empty(), "a resolved spec has a provider");
    for (const auto& provider : config.providers) {
      // An api of the Llama Stack that no plugin here serves loads as given
      // (listed as not running by the stack); any other provider is available.
      bool known = false, api_served = false;
      for (const auto& a : available) {
        known |= a.api == provider.api && a.provider_type == provider.provider_type;
        api_served |= a.api == provider.api;
      }
      fuzz::check(known || (!api_served && is_known_api(provider.api)),
                  "every provider of a resolved spec is an available one, or of an api none serves");
    }
  } catch (const ConfigError&) {
  }
  return 0;
}
