// llama-stack-test's server forms, run as a user runs them, in replay on the
// shipped recordings and offline: server:starter:<port> starts `llama-stack
// run` and passes the base suite with the counts of library mode; a URL of a
// server started here does too; a port held by something else and a server
// that cannot start stop the run with exit 2 and say why. Ports are free
// ephemeral ones picked here, never the guide's 8321.
#include "runner_command_support.hpp"

#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fcntl.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <thread>

extern char** environ;

using namespace runner_command;

namespace {

const std::vector<std::string> kBase = {"--suite=base", "--setup=ollama"};

std::string summary_of(const std::string& output) {
  const auto at = output.find("[llama-stack-test] test cases:");
  return at == std::string::npos ? std::string() : output.substr(at, output.find('\n', at) - at);
}

std::vector<std::string> with(std::vector<std::string> args, const std::string& more) {
  args.push_back(more);
  return args;
}

sockaddr_in loopback(std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}

// A listening socket on a free loopback port, closed with the object.
struct Listener {
  Listener() {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    auto a = loopback(0);
    REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    REQUIRE(::listen(fd, 16) == 0);
    socklen_t size = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &size);
    port = ntohs(a.sin_port);
  }
  ~Listener() { ::close(fd); }
  int fd = -1;
  std::uint16_t port = 0;
};

std::uint16_t free_port() { return Listener().port; }

bool accepts(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  auto a = loopback(port);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(fd);
  return ok;
}

// Starts `args` with this environment less the runner's variables and
// OLLAMA_URL, plus `more`; its output to /dev/null.
pid_t spawn(std::vector<std::string> args, std::vector<std::string> more) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (!entry.starts_with("LLAMA_STACK_TEST_") && !entry.starts_with("LLAMA_STACK_CONFIG=") &&
        !entry.starts_with("OLLAMA_URL="))
      env.push_back(entry);
  }
  env.insert(env.end(), more.begin(), more.end());
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  posix_spawn_file_actions_t quiet;
  posix_spawn_file_actions_init(&quiet);
  posix_spawn_file_actions_addopen(&quiet, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&quiet, STDOUT_FILENO, STDERR_FILENO);
  pid_t pid = -1;
  const int rc = ::posix_spawn(&pid, argv[0], &quiet, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&quiet);
  REQUIRE(rc == 0);
  return pid;
}

// The processes whose parent is `parent` (from /proc).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& e : std::filesystem::directory_iterator("/proc")) {
    std::ifstream stat(e.path() / "stat");
    std::string line;
    if (!std::getline(stat, line)) continue;
    // pid (comm) state ppid ...: comm may hold spaces, so read after the last ')'.
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    char state = 0;
    pid_t ppid = 0;
    rest >> state >> ppid;
    if (ppid == parent) out.push_back(std::stoi(e.path().filename().string()));
  }
  return out;
}

const char* binary(const char* variable) {
  const char* path = std::getenv(variable);
  REQUIRE_MESSAGE(path != nullptr, variable << " is not set (meson sets it)");
  return path;
}

// `llama-stack run starter --port P` replaying the shipped recordings,
// stopped with the object.
struct StartedServer {
  StartedServer() : port(free_port()) {
    pid = spawn(
        {binary("LLAMA_STACK_CLI"), "run", "starter", "--port", std::to_string(port)},
        {"LLAMA_STACK_TEST_INFERENCE_MODE=replay", "LLAMA_STACK_TEST_RECORDING_DIR=recordings",
         "OLLAMA_URL=http://0.0.0.0:11434", "SAFETY_MODEL=ollama/llama-guard3:1b"});  // as --setup=ollama gives it
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!accepts(port) && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    REQUIRE(accepts(port));
  }
  ~StartedServer() {
    ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  std::uint16_t port;
  pid_t pid = -1;
};

}  // namespace

TEST_CASE("server:starter:<port> and a URL pass the base suite with library mode's counts") {
  const auto library = run(with(kBase, "--stack-config=starter"));
  CAPTURE(library.output);
  REQUIRE(library.status == 0);
  const std::string counts = summary_of(library.output);
  REQUIRE(counts.find(" passed | 0 failed") != std::string::npos);

  const std::uint16_t port = free_port();
  const auto started = run(with(kBase, "--stack-config=server:starter:" + std::to_string(port)));
  CAPTURE(started.output);
  CHECK(started.status == 0);
  CHECK(summary_of(started.output) == counts);
  CHECK(contains(started.output, "recordings: replayed and written by the server"));
  // The run stopped the server it started.
  CHECK_FALSE(accepts(port));

  StartedServer server;
  const std::string url = "http://127.0.0.1:" + std::to_string(server.port);
  const auto remote = run(with(kBase, "--stack-config=" + url));
  CAPTURE(remote.output);
  CHECK(remote.status == 0);
  CHECK(summary_of(remote.output) == counts);
  // server:<config>:<port> on a Llama Stack server's port reuses it, and leaves it running.
  const auto reused =
      run(with(kBase, "--stack-config=server:starter:" + std::to_string(server.port)));
  CAPTURE(reused.output);
  CHECK(reused.status == 0);
  CHECK(contains(reused.output,
                 "using the Llama Stack server already on port " + std::to_string(server.port)));
  CHECK(summary_of(reused.output) == counts);
  CHECK(accepts(server.port));
}

TEST_CASE("a port held by something that is not a Llama Stack server stops the run with exit 2") {
  Listener other;  // listens, never answers
  const auto r = run(with(kBase, "--stack-config=server:starter:" + std::to_string(other.port)));
  CAPTURE(r.output);
  CHECK(r.status == 2);
  CHECK(contains(r.output, "port " + std::to_string(other.port) +
                               " is taken by something that is not a Llama Stack server"));
  CHECK_FALSE(contains(r.output, "test cases:"));
}

TEST_CASE("a server that cannot start stops the run with exit 2 and the tail of its output") {
  const std::uint16_t port = free_port();
  const auto r =
      run(with(kBase, "--stack-config=server:/nonexistent/run.yaml:" + std::to_string(port)));
  CAPTURE(r.output);
  CHECK(r.status == 2);
  CHECK(contains(r.output, "cannot start the stack 'server:/nonexistent/run.yaml:" +
                               std::to_string(port) + "'"));
  CHECK(contains(r.output, "exited with status"));
  CHECK(contains(r.output, "its output ends:\n  | "));
  CHECK(contains(r.output, "/nonexistent/run.yaml"));
  CHECK_FALSE(contains(r.output, "test cases:"));
  CHECK_FALSE(accepts(port));
}

TEST_CASE("a URL nothing answers at fails up front with exit 2") {
  const auto r = run(with(kBase, "--stack-config=http://127.0.0.1:" + std::to_string(free_port())));
  CAPTURE(r.output);
  CHECK(r.status == 2);
  CHECK_FALSE(contains(r.output, "test cases:"));
}

TEST_CASE("SIGINT stops the runner and the server it started") {
  // An upstream that accepts and never answers keeps the server starting
  // (listing Ollama's models) and the runner waiting for its health.
  Listener silent;
  const std::uint16_t port = free_port();
  const pid_t runner =
      spawn({binary("LLAMA_STACK_TEST_BINARY"), "--suite=base", "--setup=ollama",
             "--stack-config=server:starter:" + std::to_string(port), "--inference-mode=record",
             "--env", "OLLAMA_URL=http://127.0.0.1:" + std::to_string(silent.port)},
            {"LLAMA_STACK_TEST_RECORDING_DIR=" + std::filesystem::temp_directory_path().string() +
             "/llama-stack-sigint-test-unused"});
  std::vector<pid_t> servers;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (servers.empty() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    servers = children_of(runner);
  }
  REQUIRE(servers.size() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // past the child's exec
  REQUIRE(::kill(runner, SIGINT) == 0);
  int status = 0;
  REQUIRE(::waitpid(runner, &status, 0) == runner);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGINT);
  // The server is gone: no process of that pid (reaped by the runner) nor its group.
  CHECK(::kill(servers[0], 0) == -1);
  CHECK(::kill(-servers[0], 0) == -1);
}
