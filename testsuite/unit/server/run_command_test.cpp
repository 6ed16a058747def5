// `llama-stack run` as a user starts it: a child process serving replayed
// answers on the port it reports, logging one line per request, and exiting
// 0 on SIGTERM; usage errors exit 2 naming the option.
#include "testsuite/unit/server/server_test_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

extern char** environ;

using namespace server_test;

namespace {

struct Child {
  pid_t pid = -1;
  int err = -1;  // read end of its stderr

  // Its stderr until `marker` has appeared (or it ends, or 30 s pass).
  std::string read_until(const std::string& marker) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (text.find(marker) == std::string::npos && std::chrono::steady_clock::now() < deadline) {
      pollfd p{err, POLLIN, 0};
      if (::poll(&p, 1, 200) <= 0) continue;
      char buffer[4096];
      const auto n = ::read(err, buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, n);
    }
    return text;
  }
  int wait_status() {
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  }
  std::string text;
};

Child spawn(const std::vector<std::string>& args, const std::vector<std::string>& extra_env) {
  int fds[2];
  REQUIRE(::pipe(fds) == 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 2);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<std::string> words{LLAMA_STACK_CLI};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  std::vector<std::string> env_words(extra_env);
  for (char** e = environ; *e; ++e)
    if (std::string(*e).rfind("LLAMA_STACK_", 0) != 0) env_words.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& w : env_words) envp.push_back(w.data());
  envp.push_back(nullptr);
  Child child;
  REQUIRE(::posix_spawn(&child.pid, LLAMA_STACK_CLI, &actions, nullptr, argv.data(), envp.data()) == 0);
  posix_spawn_file_actions_destroy(&actions);
  ::close(fds[1]);
  child.err = fds[0];
  return child;
}

}  // namespace

TEST_CASE("llama-stack run serves replayed answers, logs each request, exits 0 on SIGTERM") {
  TempDir dir;
  fs::copy(fs::path("recordings") / "responses", dir.path() / "responses",
           fs::copy_options::recursive);
  Child child = spawn({"run", "inference=ollama", "--port", "0", "--host", "127.0.0.1"},
                      {"LLAMA_STACK_TEST_INFERENCE_MODE=replay",
                       "LLAMA_STACK_TEST_RECORDING_DIR=" + dir.path().string(),
                       "OLLAMA_URL=http://127.0.0.1:9"});
  const std::string banner = child.read_until("\n");
  const auto at = banner.find("http://127.0.0.1:");
  REQUIRE_MESSAGE(at != std::string::npos, banner);
  const int port = std::stoi(banner.substr(at + 17));
  CHECK(call(port, "GET", "/v1/health").status == 200);
  CHECK(call(port, "GET", "/v1/no-such-route").status == 404);
  ::kill(child.pid, SIGTERM);
  CHECK(child.wait_status() == 0);
  const std::string log = child.read_until("SIGTERM");
  CHECK(log.find("GET /v1/health 200 ") != std::string::npos);
  CHECK(log.find("GET /v1/no-such-route 404 ") != std::string::npos);
  ::close(child.err);
}

namespace {

// The exit status and all the output of `llama-stack <args>`.
std::pair<int, std::string> run_cli(std::vector<std::string> args) {
  Child child = spawn(args, {});
  child.read_until("\n\n\n");  // to the end
  const int status = child.wait_status();
  ::close(child.err);
  return std::make_pair(status, child.text);
}

}  // namespace

TEST_CASE("llama-stack run: usage errors exit 2 naming the option; --help exits 0") {
  auto [status, text] = run_cli({"run", "starter", "--port", "http"});
  CHECK(status == 2);
  CHECK(text.find("--port: expected a number") != std::string::npos);
  std::tie(status, text) = run_cli({"run", "starter", "--log-level=loud"});
  CHECK(status == 2);
  CHECK(text.find("--log-level") != std::string::npos);
  std::tie(status, text) = run_cli({"run"});
  CHECK(status == 2);
  CHECK(text.find("run needs a distribution") != std::string::npos);
  std::tie(status, text) = run_cli({"run", "--help"});
  CHECK(status == 0);
}

TEST_CASE("llama-stack: option errors name the option and what was given") {
  const std::pair<std::vector<std::string>, std::string> cases[] = {
      {{"providers", "list", "--env", "X"}, "--env expects KEY=VALUE, got 'X'"},
      {{"providers", "list", "--env"}, "--env needs a value"},
      {{"chat", "--param=user"}, "--param expects KEY=JSON, got 'user'"},
      // A longer word that starts like an option is not that option.
      {{"providers", "list", "--stack-configX=starter"}, "unknown option '--stack-configX=starter'"},
  };
  for (const auto& [args, message] : cases) {
    CAPTURE(message);
    auto [status, text] = run_cli(args);
    CHECK(status != 0);
    CHECK(text.find(message) != std::string::npos);
  }
}
