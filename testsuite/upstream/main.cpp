// capture-upstream: serves recorded provider exchanges over HTTP, so the
// stack can be run against an "Ollama" or "OpenAI" that answers exactly as
// the real one did when the captures were made. A capture-backed test
// double, not a model: unrecorded requests get 501.
#include "testsuite/upstream/capture_upstream.hpp"

#include <pthread.h>
#include <signal.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view usage =
    "usage: capture-upstream --captures DIR [--captures DIR ...] [--port N]\n"
    "                        [--host-filter HOST:PORT ...]\n"
    "\n"
    "Serves real recorded provider exchanges (Ollama/OpenAI-compatible) on\n"
    "http://127.0.0.1:PORT until SIGINT or SIGTERM. It is a capture-backed test\n"
    "double, not a model: a request matching no capture is answered 501.\n"
    "\n"
    "  --captures DIR        load every *.json capture below DIR (repeatable)\n"
    "  --port N              port to listen on (default: any free port)\n"
    "  --host-filter H:P...  serve only captures recorded against these hosts,\n"
    "                        e.g. 0.0.0.0:11434 localhost:11434\n"
    "  --help                print this help\n";

struct Options {
  std::vector<std::filesystem::path> captures;
  std::vector<std::string> host_filter;
  std::uint16_t port = 0;
};

[[noreturn]] void usage_error(const std::string& problem) {
  std::cerr << "capture-upstream: " << problem << "\n\n" << usage;
  std::exit(2);
}

Options parse_args(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const auto value = [&]() -> std::string_view {
      if (i + 1 >= argc) usage_error(std::string(arg) + " needs a value");
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      std::cout << usage;
      std::exit(0);
    } else if (arg == "--captures") {
      options.captures.emplace_back(value());
    } else if (arg == "--port") {
      const std::string_view text = value();
      unsigned port = 0;
      const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), port);
      if (ec != std::errc{} || ptr != text.data() + text.size() || port > 65535)
        usage_error("--port: '" + std::string(text) + "' is not a port number");
      options.port = static_cast<std::uint16_t>(port);
    } else if (arg == "--host-filter") {
      options.host_filter.emplace_back(value());
      // Further values up to the next option belong to the same filter.
      while (i + 1 < argc && std::string_view(argv[i + 1]).substr(0, 2) != "--")
        options.host_filter.emplace_back(argv[++i]);
    } else {
      usage_error("unknown argument '" + std::string(arg) + "'");
    }
  }
  if (options.captures.empty()) usage_error("at least one --captures DIR is required");
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse_args(argc, argv);

  // Blocked before the server thread starts so that it inherits the mask and
  // the signals are only ever taken by sigwait below.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  try {
    llama_stack::testing::CaptureUpstream upstream(options.captures);
    if (!options.host_filter.empty()) upstream.only_hosts(options.host_filter);
    upstream.start(options.port);
    std::cerr << "capture-upstream: " << upstream.capture_count() << " captures loaded\n";
    std::cout << "listening on " << upstream.url() << std::endl;

    int signal = 0;
    sigwait(&stop_signals, &signal);
    upstream.stop();
    std::cerr << "capture-upstream: stopped after " << upstream.requests_served() << " requests, "
              << upstream.unmatched_requests().size() << " unmatched\n";
  } catch (const std::exception& e) {
    std::cerr << "capture-upstream: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
