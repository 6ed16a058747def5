#include "testsuite/runner/runner_options.hpp"

#include "testsuite/runner/doctest_options.hpp"
#include "testsuite/runner/nearest_name.hpp"
#include "testsuite/runner/setups.hpp"

#include "stack/config/split_list.hpp"
#include "stack/replay/inference_mode.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <charconv>

namespace llama_stack::testing {

namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

template <class T>
std::string names_of(const std::vector<T>& items) {
  std::vector<std::string> names;
  for (const auto& i : items) names.push_back(i.name);
  return join(names);
}

int parse_int(std::string_view option, std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value <= 0)
    throw UsageError("--" + std::string(option) + " expects a positive integer, got '" +
                     std::string(text) + "'");
  return value;
}

}  // namespace

const std::vector<std::string>& model_option_names() {
  static const std::vector<std::string> names{"text-model", "vision-model", "embedding-model",
                                              "safety-shield", "judge-model"};
  return names;
}

StackConfigOption parse_stack_config(std::string_view text) {
  StackConfigOption out;
  out.raw = std::string(text);
  if (text.empty()) throw UsageError("--stack-config is empty");
  if (text.starts_with("http://") || text.starts_with("https://")) {
    out.target = StackConfigOption::Target::url;
    out.url = std::string(text);
    return out;
  }
  if (text.starts_with("server:")) {
    out.target = StackConfigOption::Target::server;
    std::string_view rest = text.substr(7);
    const std::size_t colon = rest.rfind(':');
    // server:<config>:<port> — the last part is a port only if it is numeric,
    // so ad-hoc specs with "::" (inference=remote::ollama) stay intact.
    if (colon != std::string_view::npos && colon + 1 < rest.size() &&
        std::all_of(rest.begin() + colon + 1, rest.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      const std::string_view port_text = rest.substr(colon + 1);
      unsigned port = 0;
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (port == 0 || port > 65535)
        throw UsageError("--stack-config=" + out.raw + ": port must be 1-65535");
      out.port = static_cast<std::uint16_t>(port);
      rest = rest.substr(0, colon);
    }
    if (rest.empty()) throw UsageError("--stack-config=" + out.raw + ": server: needs a config");
    out.config = std::string(rest);
    return out;
  }
  out.config = std::string(text);
  return out;
}

namespace {

// The runner's own long options; each takes a value (--name=value or --name value).
const std::vector<std::string>& own_options() {
  static const std::vector<std::string> names{
      "stack-config", "env", "text-model", "vision-model", "embedding-model", "safety-shield",
      "judge-model", "embedding-dimension", "inference-mode", "suite", "setup"};
  return names;
}

bool is_verbose_flag(const std::string& arg) {
  return arg == "-s" || arg == "-v" || arg == "-sv" || arg == "-vs";
}

// Every option a user may have meant, as written on the command line: ours
// first (they win ties), then doctest's long and short forms.
std::vector<std::string> known_spellings(bool doctest_only) {
  std::vector<std::string> out;
  if (!doctest_only) {
    for (const auto& name : own_options()) out.push_back("--" + name);
    out.insert(out.end(), {"-k", "-s", "-v"});
  }
  for (const auto& option : doctest_options()) out.push_back("--" + option.name);
  for (const auto& option : doctest_options()) out.push_back("-" + option.short_name);
  return out;
}

[[noreturn]] void unknown_option(const std::string& arg, const DoctestWord& word) {
  std::string message = "unknown option '" + arg + "'";
  // "--dt-tset-case" can only have meant one of doctest's, with its prefix.
  if (auto nearest = nearest_name(word.name, known_spellings(word.prefixed)))
    message += "; did you mean " +
               (word.prefixed ? "--dt-" + nearest->substr(nearest->find_first_not_of('-')) : *nearest) +
               "?";
  throw UsageError(message);
}

KeywordExpression parse_keyword(const std::string& text) {
  try {
    return KeywordExpression::parse(text);
  } catch (const KeywordExpressionError& e) {
    throw UsageError("-k '" + text + "': " + e.what());
  }
}

// A doctest option: kept for doctest, after checking doctest would not
// silently ignore it.
void add_doctest_option(RunnerOptions& options, const std::string& arg) {
  const DoctestWord word = read_doctest_word(arg);
  if (word.option == nullptr) unknown_option(arg, word);
  using Kind = DoctestOption::Kind;
  const Kind kind = word.option->kind;
  if ((kind == Kind::filter || kind == Kind::value) && (!word.has_value || arg.ends_with("=")))
    throw UsageError("'" + arg + "' needs its value after '=' (doctest reads no separate value): " +
                     arg.substr(0, arg.find('=')) + "=VALUE");
  if (word.option->name == "help") options.help = true;
  if (kind == Kind::query) options.doctest_query = true;
  if (kind == Kind::filter) options.doctest_filters.push_back(arg);
  options.doctest_given.insert(word.option->name);
  options.doctest_args.push_back(arg);
}

}  // namespace

RunnerOptions parse_runner_args(const std::vector<std::string>& args) {
  RunnerOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (is_verbose_flag(arg)) {
      // pytest's -s and -v; doctest's --success still prints every assertion.
      options.verbose = true;
      continue;
    }
    if (arg == "-k") {
      if (i + 1 >= args.size()) throw UsageError("-k needs an expression, e.g. -k \"chat and not streaming\"");
      options.keyword = parse_keyword(args[++i]);
      continue;
    }
    if (arg.starts_with("-k=")) {
      options.keyword = parse_keyword(arg.substr(3));
      continue;
    }
    if (!arg.starts_with("-"))
      throw UsageError("unexpected argument '" + arg +
                       "': select tests with -k EXPR or -tc=PATTERN (this runner takes no paths)");
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    if (!arg.starts_with("--") ||
        std::find(own_options().begin(), own_options().end(), name) == own_options().end()) {
      add_doctest_option(options, arg);
      continue;
    }
    std::string value;
    if (eq != std::string::npos) {
      value = arg.substr(eq + 1);
    } else {
      if (i + 1 >= args.size()) throw UsageError("--" + name + " needs a value");
      value = args[++i];
    }
    options.given.insert(name);
    if (name == "stack-config") {
      options.stack_config = parse_stack_config(value);
    } else if (name == "env") {
      const std::size_t e = value.find('=');
      if (e == std::string::npos || e == 0)
        throw UsageError("--env expects KEY=value, got '" + value + "'");
      options.env.emplace_back(value.substr(0, e), value.substr(e + 1));
    } else if (name == "embedding-dimension") {
      options.embedding_dimension = parse_int(name, value);
    } else if (name == "inference-mode") {
      try {
        options.inference_mode = replay::parse_inference_mode(value, "--inference-mode");
      } catch (const ConfigError& e) {
        throw UsageError(e.what());
      }
    } else if (name == "suite") {
      options.suite = value;
    } else if (name == "setup") {
      options.setup = value;
    } else {
      auto& list = options.models[name];
      for (auto& m : split_list(value, ',')) list.push_back(std::move(m));
    }
  }
  return options;
}

std::string finalize_options(RunnerOptions& options, Environment& env) {
  const Suite* suite = nullptr;
  if (options.suite) {
    suite = find_suite(*options.suite);
    if (suite == nullptr)
      throw UsageError("--suite: unknown suite '" + *options.suite + "'; known suites: " +
                       names_of(known_suites()));
  }
  std::string setup_name = options.setup.value_or(suite ? suite->default_setup : "");
  // --env first, so that a setup's env only fills what neither the caller's
  // environment nor --env set.
  for (const auto& [k, v] : options.env) env.set(k, v);
  if (!setup_name.empty()) {
    const Setup* setup = find_setup(setup_name);
    if (setup == nullptr)
      throw UsageError("--setup: unknown setup '" + setup_name + "'; known setups: " +
                       names_of(known_setups()));
    for (const auto& [k, v] : setup->env)
      if (!env.get(k)) env.set(k, v);
    for (const auto& [option, value] : setup->defaults) {
      if (options.given.contains(option)) continue;
      if (option == "embedding-dimension") options.embedding_dimension = parse_int(option, value);
      else options.models[option] = split_list(value, ',');
    }
  }
  // Without --inference-mode, LLAMA_STACK_TEST_INFERENCE_MODE decides (replay
  // when unset), as the guide has it.
  if (!options.given.contains("inference-mode")) {
    try {
      options.inference_mode = replay::inference_mode_from(env, replay::InferenceMode::replay);
    } catch (const ConfigError& e) {
      throw UsageError(e.what());
    }
  }
  if (!options.stack_config) {
    if (auto from_env = env.get("LLAMA_STACK_CONFIG"); from_env && !from_env->empty())
      options.stack_config = parse_stack_config(*from_env);
    else if (!options.doctest_query)  // listing tests needs no stack
      throw UsageError("no stack to test: pass --stack-config (a distribution such as starter, "
                       "a run.yaml path, an ad-hoc spec like inference=ollama, server:<config>, "
                       "or a URL) or set LLAMA_STACK_CONFIG");
  }
  return setup_name;
}

std::string custom_options_help() {
  std::string setups;
  for (const auto& s : known_setups()) setups += "                            " + s.name + ": " + s.description + "\n";
  std::string suites;
  for (const auto& s : known_suites())
    suites += "                            " + s.name + ": " + s.description + " (default setup: " +
              s.default_setup + ")\n";
  return "Custom options:\n"
         "  --stack-config=S          the stack to test: a distribution name (starter), a run.yaml\n"
         "                            path, an ad-hoc spec (inference=ollama,safety=llama-guard),\n"
         "                            server:<config>[:<port>] or a server URL.\n"
         "                            Default: $LLAMA_STACK_CONFIG\n"
         "  --env KEY=value           set an environment variable before the stack loads\n"
         "                            (repeatable)\n"
         "  --text-model=M[,M...]     text models; each test runs once per combination of the\n"
         "  --vision-model=M[,M...]   models it uses, and is skipped when one of them is not given\n"
         "  --embedding-model=M[,M...]\n"
         "  --safety-shield=S[,S...]\n"
         "  --judge-model=M[,M...]\n"
         "  --embedding-dimension=N   output dimension of the embedding model (default 768)\n"
         "  --inference-mode=MODE     replay (default), record-if-missing, record or live\n"
         "                            (also $LLAMA_STACK_TEST_INFERENCE_MODE); recordings live in\n"
         "                            $LLAMA_STACK_TEST_RECORDING_DIR (default: recordings/)\n"
         "  --suite=NAME              narrow what runs:\n" +
         suites +
         "  --setup=NAME              env and model defaults; explicit options always win:\n" +
         setups +
         "  -k EXPR                   only the tests whose id matches EXPR, a pytest keyword\n"
         "                            expression: words (each a case-insensitive substring of\n"
         "                            the id) joined by and, or, not and parentheses, e.g.\n"
         "                            -k \"chat and not streaming\"; doctest's -tc=... narrows further\n"
         "  -s, -v                    one line per test: PASSED, FAILED or SKIPPED (the reason);\n"
         "                            doctest's are --success and --version\n"
         "\n"
         "Any other option must be one of doctest's above; a mistyped one is an error. The\n"
         "output is doctest's console output with the runner's summary, which counts a skipped\n"
         "test as skipped; with -r=... the chosen reporters write stdout, the summary stderr.\n"
         "Exit status: 0 every selected test passed or was skipped, 1 a test failed, 2 a usage\n"
         "error or a stack that cannot start, 5 no test selected (like pytest's \"no tests ran\").\n";
}

}  // namespace llama_stack::testing
