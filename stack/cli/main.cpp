// llama-stack: inspect plugins and run calls against a stack from the shell.
#include "stack/client/library_client.hpp"
#include "build_paths.hpp"
#include "stack/cli/option_value.hpp"
#include "stack/cli/recordings_command.hpp"
#include "stack/cli/run_command.hpp"
#include "stack/config/stack_pointer.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/sdk_version.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

namespace {

using namespace llama_stack;
using llama_stack::cli::key_value;
using llama_stack::cli::option_value;

constexpr const char* kUsage = R"(usage: llama-stack <command> [options]

Commands:
  run <distribution | run.yaml | api=provider,...> [--port N] [--env K=V] [--log-level L]
                                      serve the stack over HTTP (llama-stack run --help)
  providers list [--stack-config S]   provider plugins found (file, origin), plugins
                                      that failed to load and why; with --stack-config,
                                      also the providers of that stack and their state
  models list --stack-config S        models the stack serves (identifier, provider, type)
  chat --stack-config S --model M [--stream] [--param KEY=JSON ...] MESSAGE
                                      one chat completion, printed as it arrives;
                                      --param adds a request parameter (max_tokens=16)
  inspect health|version|routes --stack-config S
  recordings list|show|reindex|verify|prune|import
                                      manage the replay store (llama-stack recordings --help)
  version                             print the stack and SDK versions

Options:
  --stack-config S    a distribution name (starter), a run.yaml path, or an ad-hoc
                      spec such as inference=ollama (falls back to LLAMA_STACK_CONFIG)
  --env KEY=VALUE     set an environment variable for the stack (repeatable)
  -h, --help          show this help

Environment:
  LLAMA_STACK_PROVIDER_PATH   colon-separated plugin files or directories to load
  LLAMA_STACK_TEST_INFERENCE_MODE   replay, record-if-missing, record or live (default:
                              live): answer outbound calls from recordings, record them
  LLAMA_STACK_TEST_RECORDING_DIR    where recordings live (default: the project's recordings/)
)";

struct Args {
  std::vector<std::string> positional;
  std::string stack_config;
  std::string model;
  bool stream = false;
  bool help = false;
  boost::json::object params;  // --param KEY=JSON
  Environment env = Environment::process();
};

Args parse(int argc, char** argv) {
  Args args;
  const std::vector<std::string> words(argv + 1, argv + argc);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& a = words[i];
    auto value = [&](std::string_view flag) { return option_value(words, i, flag); };
    if (a == "-h" || a == "--help") {
      args.help = true;
    } else if (a == "--stream") {
      args.stream = true;
    } else if (auto v = value("--stack-config")) {
      args.stack_config = *v;
    } else if (auto v = value("--model")) {
      args.model = *v;
    } else if (auto v = value("--param")) {
      const auto [key, text] = key_value("--param", *v, "JSON");
      boost::system::error_code ec;
      boost::json::value json = boost::json::parse(text, ec);
      // A value that is not JSON is taken as a string: --param user=alice.
      args.params[key] = ec ? boost::json::value(text) : json;
    } else if (auto v = value("--env")) {
      const auto [key, val] = key_value("--env", *v);
      args.env.set(key, val);
    } else if (a == "--") {
      args.positional.insert(args.positional.end(), words.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                             words.end());
      break;
    } else if (a.size() > 1 && a[0] == '-') {
      throw InvalidRequestError("unknown option '" + a + "'");
    } else {
      args.positional.push_back(a);
    }
  }
  if (args.stack_config.empty())
    if (auto c = args.env.get("LLAMA_STACK_CONFIG")) args.stack_config = *c;
  return args;
}

LlamaStackClient client_for(const Args& args) {
  if (args.stack_config.empty())
    throw InvalidRequestError("this command needs --stack-config (or LLAMA_STACK_CONFIG)");
  ClientOptions options;
  options.env = args.env;
  auto client = LlamaStackClient::from_config(args.stack_config, options);
  for (const auto& w : client.stack().warnings()) std::cerr << "warning: " << w << "\n";
  return client;
}

void print_registry(const ProviderRegistry& registry) {
  std::cout << "Provider plugins found:\n";
  for (const auto& p : registry.providers())
    std::cout << "  " << p.provider_type << "  api=" << p.api << "  sdk=" << p.sdk_version
              << "  from " << p.origin << ": " << p.file.string() << "\n";
  if (registry.providers().empty()) std::cout << "  (none)\n";
  if (!registry.failures().empty()) {
    std::cout << "Plugins that failed to load:\n";
    for (const auto& f : registry.failures()) std::cout << "  [" << f.origin << "] " << f.error.what() << "\n";
  }
}

int providers_list(const Args& args) {
  if (args.stack_config.empty()) {
    print_registry(ProviderRegistry::discover(args.env));
    return 0;
  }
  // The stack's own registry also holds its run.yaml's external_providers_dir.
  auto client = client_for(args);
  print_registry(client.stack().registry());
  std::cout << "Providers of stack '" << args.stack_config << "':\n";
  for (const auto& p : client.providers.list())
    std::cout << "  " << p.api << "  " << p.provider_id << "  " << p.provider_type << "  "
              << (p.running ? "running" : "not running: " + p.problem) << "\n";
  return 0;
}

int models_list(const Args& args) {
  auto client = client_for(args);
  for (const auto& m : client.models.list())
    std::cout << m.identifier << "\t" << m.provider_id << "\t" << m.model_type << "\n";
  return 0;
}

int chat(const Args& args) {
  if (args.model.empty()) throw InvalidRequestError("chat needs --model");
  if (args.positional.size() < 2) throw InvalidRequestError("chat needs a MESSAGE");
  auto client = client_for(args);
  boost::json::object params{
      {"model", args.model},
      {"messages", boost::json::array{boost::json::object{{"role", "user"},
                                                          {"content", args.positional[1]}}}}};
  for (const auto& [k, v] : args.params) params[k] = v;
  if (args.stream) {
    for (const auto& chunk : client.chat.completions.stream(params))
      for (const auto& c : chunk.choices)
        if (c.delta.content) std::cout << *c.delta.content << std::flush;
    std::cout << "\n";
  } else {
    auto r = client.chat.completions.create(params);
    for (const auto& c : r.choices) std::cout << c.message.content.value_or("") << "\n";
  }
  return 0;
}

int inspect(const Args& args) {
  if (args.positional.size() < 2) throw InvalidRequestError("inspect needs health, version or routes");
  auto client = client_for(args);
  const std::string& what = args.positional[1];
  if (what == "health") std::cout << boost::json::serialize(client.inspect.health()) << "\n";
  else if (what == "version") std::cout << boost::json::serialize(client.inspect.version()) << "\n";
  else if (what == "routes")
    for (const auto& r : client.inspect.routes()) std::cout << boost::json::serialize(r) << "\n";
  else throw InvalidRequestError("inspect: unknown topic '" + what + "'");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Their options (--test, --port, ...) are their own: dispatched before parse().
  if (argc > 1 && std::string(argv[1]) == "recordings")
    return llama_stack::cli::run_recordings_command(std::vector<std::string>(argv + 2, argv + argc),
                                                    Environment::process(), std::cout, std::cerr);
  if (argc > 1 && std::string(argv[1]) == "run")
    return llama_stack::cli::run_server_command(std::vector<std::string>(argv + 2, argv + argc),
                                                Environment::process(), std::cout, std::cerr);
  try {
    Args args = parse(argc, argv);
    if (args.help || args.positional.empty()) {
      std::cout << kUsage;
      return args.help ? 0 : 2;
    }
    const std::string& cmd = args.positional[0];
    const std::string sub = args.positional.size() > 1 ? args.positional[1] : "";
    if (cmd == "version") {
      std::cout << "llama-stack " << LLAMA_STACK_VERSION << " (plugin SDK " << kSdkVersion
                << ", ABI " << kSdkAbiVersion << ")\n";
      return 0;
    }
    if (cmd == "providers" && sub == "list") return providers_list(args);
    if (cmd == "models" && sub == "list") return models_list(args);
    if (cmd == "chat") return chat(args);
    if (cmd == "inspect") return inspect(args);
    std::cerr << "llama-stack: unknown command '" << cmd << (sub.empty() ? "" : " " + sub)
              << "'\n\n" << kUsage;
    return 2;
  } catch (const InvalidRequestError& e) {
    std::cerr << "llama-stack: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "llama-stack: error: " << e.what() << "\n";
    return 1;
  }
}
