#include "stack/cli/run_command.hpp"

#include "stack/cli/option_value.hpp"
#include "stack/server/stack_server.hpp"

#include <llama_stack/errors.hpp>

#include <csignal>
#include <iostream>
#include <mutex>
#include <optional>
#include <pthread.h>

namespace llama_stack::cli {

const char* const kRunUsage =
    R"(usage: llama-stack run <distribution | run.yaml | api=provider,...> [options]

Serves the stack over HTTP (OpenAI-compatible routes under /v1, also under
/v1/openai/v1) until SIGINT or SIGTERM; requests in flight, streams
included, finish before it exits.

Options:
  --port N            port to listen on; default: the run config's server.port,
                      else LLAMA_STACK_PORT, else 8321
  --host ADDRESS      address to listen on (default 0.0.0.0)
  --env KEY=VALUE     set an environment variable for the stack (repeatable)
  --log-level LEVEL   error, warning, info or debug (default info): one line per
                      request (method, route, status, ms) at info, 4xx at warning,
                      5xx at error
  --max-body-bytes N  answer larger request bodies with 413 (default 16777216)
  --threads N         worker threads (default: the machine's hardware concurrency)
  -h, --help          show this help

Requests may carry X-LlamaStack-Provider-Data (JSON): provider keys such as
openai_api_key for that request only, and "__test_id", the test id the replay
store keys that request by (LLAMA_STACK_TEST_INFERENCE_MODE=replay serves
recorded answers), and "__test_start", a token of the test's start (a new one
restarts the ids the stack mints for that test).
)";

namespace {

enum class Level { error = 0, warning = 1, info = 2, debug = 3 };

Level parse_level(const std::string& text) {
  if (text == "error") return Level::error;
  if (text == "warning" || text == "warn") return Level::warning;
  if (text == "info") return Level::info;
  if (text == "debug") return Level::debug;
  throw InvalidRequestError("--log-level: expected error, warning, info or debug, got '" + text +
                            "'");
}

long parse_number(const std::string& flag, const std::string& text, long min, long max) {
  std::size_t used = 0;
  long n = min - 1;
  try {
    n = std::stol(text, &used);
  } catch (const std::exception&) {
  }
  if (used != text.size() || n < min || n > max)
    throw InvalidRequestError(flag + ": expected a number from " + std::to_string(min) + " to " +
                              std::to_string(max) + ", got '" + text + "'");
  return n;
}

struct RunArgs {
  std::string stack_pointer;
  std::optional<int> port;
  std::string host = "0.0.0.0";
  Level level = Level::info;
  std::size_t max_body_bytes = 16 * 1024 * 1024;
  unsigned threads = 0;
  bool help = false;
};

RunArgs parse(const std::vector<std::string>& args, Environment& env) {
  RunArgs out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string_view flag) { return option_value(args, i, flag); };
    if (a == "-h" || a == "--help") {
      out.help = true;
    } else if (auto v = value("--port")) {
      out.port = static_cast<int>(parse_number("--port", *v, 0, 65535));
    } else if (auto v = value("--host")) {
      out.host = *v;
    } else if (auto v = value("--log-level")) {
      out.level = parse_level(*v);
    } else if (auto v = value("--max-body-bytes")) {
      out.max_body_bytes = static_cast<std::size_t>(parse_number("--max-body-bytes", *v, 1, 1L << 40));
    } else if (auto v = value("--threads")) {
      out.threads = static_cast<unsigned>(parse_number("--threads", *v, 1, 1024));
    } else if (auto v = value("--env")) {
      const auto [key, val] = key_value("--env", *v);
      env.set(key, val);
    } else if (a.size() > 1 && a[0] == '-') {
      throw InvalidRequestError("unknown option '" + a + "' (llama-stack run --help)");
    } else if (out.stack_pointer.empty()) {
      out.stack_pointer = a;
    } else {
      throw InvalidRequestError("run takes one stack config, got '" + out.stack_pointer +
                                "' and '" + a + "'");
    }
  }
  if (out.stack_pointer.empty() && !out.help)
    if (auto c = env.get("LLAMA_STACK_CONFIG")) out.stack_pointer = *c;
  if (out.stack_pointer.empty() && !out.help)
    throw InvalidRequestError("run needs a distribution, a run.yaml or an api=provider spec");
  return out;
}

Level level_of(int status) {
  if (status >= 500) return Level::error;
  if (status >= 400) return Level::warning;
  return Level::info;
}

}  // namespace

int run_server_command(const std::vector<std::string>& words, Environment env, std::ostream& out,
                       std::ostream& err) {
  RunArgs args;
  try {
    args = parse(words, env);
  } catch (const InvalidRequestError& e) {
    err << "llama-stack run: " << e.what() << "\n";
    return 2;
  }
  if (args.help) {
    out << kRunUsage;
    return 0;
  }
  // Blocked before any thread starts, so that every thread inherits the
  // mask and only sigwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto log_mutex = std::make_shared<std::mutex>();
  server::StackServerOptions options;
  options.client.env = env;
  options.port = args.port;
  options.http.address = args.host;
  options.http.max_body_bytes = args.max_body_bytes;
  options.http.threads = args.threads;
  options.http.log = [&err, log_mutex, level = args.level](const server::RequestLog& line) {
    if (level_of(line.status) > level) return;
    std::lock_guard lock(*log_mutex);
    err << line.method << " " << line.target << " " << line.status << " " << line.elapsed.count()
        << "ms" << std::endl;
  };
  try {
    server::StackServer server(args.stack_pointer, std::move(options));
    for (const auto& w : server.client().stack().warnings()) err << "warning: " << w << "\n";
    err << "llama-stack: serving '" << args.stack_pointer << "' on http://" << args.host << ":"
        << server.port() << (server.session() ? " (recordings: " + server.session()->dir().string() + ")" : "")
        << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    err << "llama-stack: " << (received == SIGINT ? "SIGINT" : "SIGTERM")
        << ": finishing requests in flight" << std::endl;
    server.stop();
    server.wait();
  } catch (const std::exception& e) {
    err << "llama-stack run: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace llama_stack::cli
