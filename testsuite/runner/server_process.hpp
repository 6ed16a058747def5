#pragma once
// The server a `--stack-config=server:<config>[:<port>]` run tests against:
// started as `llama-stack run <config> --port P` when the port is free (a
// child in its own process group, with the runner's environment, stopped at
// the end and on SIGINT), reused when a Llama Stack server already answers
// there, refused when something else holds the port.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <sys/types.h>

namespace llama_stack::testing {

// The server cannot be used; what() says why (with the child's stderr tail
// when it failed to start).
class ServerStartError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ServerLaunch {
  std::filesystem::path binary;  // llama-stack
  std::string config;
  std::uint16_t port = 8321;
  // Set in the child's environment over the runner's own.
  std::map<std::string, std::string> env;
  // More arguments of `llama-stack run`, after the port (--log-level, ...).
  std::vector<std::string> args;
  std::chrono::milliseconds ready_timeout{std::chrono::seconds(30)};
  std::chrono::milliseconds stop_timeout{std::chrono::seconds(10)};
};

class ServerProcess {
 public:
  // Starts (or reuses) the server and waits for GET /v1/health; throws
  // ServerStartError.
  explicit ServerProcess(const ServerLaunch& launch);
  // Stops a started child: SIGTERM to its group, SIGKILL after stop_timeout.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  const std::string& url() const noexcept { return url_; }
  // Whether a server that was already running is used.
  bool reused() const noexcept { return child_ <= 0; }
  // The started child (its process group too); -1 when reused.
  pid_t pid() const noexcept { return child_; }

 private:
  void stop();
  std::string url_;
  pid_t child_ = -1;
  std::filesystem::path log_;
  std::chrono::milliseconds stop_timeout_;
};

// The llama-stack binary beside the running one (installed) or in the
// build tree (../stack/cli/llama-stack from testsuite/); empty when neither.
std::filesystem::path find_llama_stack_binary();

}  // namespace llama_stack::testing
