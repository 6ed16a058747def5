#include "testsuite/runner/runner_options.hpp"

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

RunnerOptions parse_runner_args(const std::vector<std::string>& args) {
  RunnerOptions options;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg == "-h" || arg == "--help" || arg == "-help" || arg == "-?") {
      options.help = true;
      options.doctest_args.push_back(arg);
      continue;
    }
    if (!arg.starts_with("--")) {
      options.doctest_args.push_back(arg);
      continue;
    }
    const std::size_t eq = arg.find('=');
    const std::string name = arg.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    static const std::vector<std::string> ours{
        "stack-config", "env", "text-model", "vision-model", "embedding-model", "safety-shield",
        "judge-model", "embedding-dimension", "inference-mode", "suite", "setup"};
    if (std::find(ours.begin(), ours.end(), name) == ours.end()) {
      options.doctest_args.push_back(arg);
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
        options.inference_mode = std::string(
            replay::to_string(replay::parse_inference_mode(value, "--inference-mode")));
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
      options.inference_mode = std::string(replay::to_string(
          replay::inference_mode_from(env, replay::InferenceMode::replay)));
    } catch (const ConfigError& e) {
      throw UsageError(e.what());
    }
  }
  if (!options.stack_config) {
    if (auto from_env = env.get("LLAMA_STACK_CONFIG"); from_env && !from_env->empty())
      options.stack_config = parse_stack_config(*from_env);
    else
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
         setups;
}

}  // namespace llama_stack::testing
