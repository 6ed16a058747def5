#pragma once
// The test runner's own options (the guide's "Custom options"); everything
// else on the command line is handed to doctest.
#include "stack/config/environment.hpp"
#include "stack/replay/inference_mode.hpp"
#include "testsuite/runner/keyword_expression.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

// A command line the runner cannot use; main prints it with the usage.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Where the tests find their stack.
struct StackConfigOption {
  enum class Target {
    library,  // in-process: distribution name, run.yaml path or ad-hoc spec
    server,   // server:<config>[:<port>]: start (or reuse) a server
    url,      // an already running server
  };
  std::string raw;
  Target target = Target::library;
  std::string config;  // library and server forms
  std::optional<std::uint16_t> port;
  std::string url;
};

StackConfigOption parse_stack_config(std::string_view text);

// The port of server:<config> without one (the guide's, `llama-stack run`'s).
inline constexpr std::uint16_t kDefaultServerPort = 8321;

struct RunnerOptions {
  std::optional<StackConfigOption> stack_config;
  std::vector<std::pair<std::string, std::string>> env;  // --env, in order
  // Model lists by option name: "text-model", "vision-model",
  // "embedding-model", "safety-shield", "judge-model".
  std::map<std::string, std::vector<std::string>> models;
  int embedding_dimension = 768;
  replay::InferenceMode inference_mode = replay::InferenceMode::replay;
  std::optional<std::string> suite;
  std::optional<std::string> setup;
  std::optional<KeywordExpression> keyword;  // -k
  bool verbose = false;                      // -s / -v: a line per test
  bool help = false;
  // Options given on the command line (without dashes), so a setup never
  // overrides them.
  std::set<std::string> given;
  // doctest's options, for doctest (argv[0] excluded), as typed.
  std::vector<std::string> doctest_args;
  // The long names of the doctest options given ("test-case").
  std::set<std::string> doctest_given;
  // The doctest options that narrow the test cases (-tc=..., -sf=...), as typed.
  std::vector<std::string> doctest_filters;
  // A doctest option that answers without running tests (--list-test-cases,
  // --count, --version, --no-run, ...): the run needs no stack.
  bool doctest_query = false;
};

// The model options, in the order of their parameter ids.
const std::vector<std::string>& model_option_names();

// Parses the runner's options; throws UsageError, also for an option neither
// the runner nor doctest knows (naming the nearest known one) and for a
// doctest option that needs "=value".
RunnerOptions parse_runner_args(const std::vector<std::string>& args);

// Applies --setup (or the suite's default setup): its env fills only
// variables unset in `env`, its model defaults fill only options not given.
// Then --env values are set in `env`, and --stack-config falls back to
// LLAMA_STACK_CONFIG. Returns the setup applied ("" if none). UsageError for
// an unknown suite or setup (listing the known ones) or no stack config
// (which only a doctest query such as --list-test-cases may lack).
std::string finalize_options(RunnerOptions& options, Environment& env);

// The "Custom options:" section of --help.
std::string custom_options_help();

}  // namespace llama_stack::testing
