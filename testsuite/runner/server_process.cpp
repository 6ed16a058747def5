#include "testsuite/runner/server_process.hpp"

#include "stack/http/network_http_client.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <optional>
#include <thread>
#include <vector>

extern char** environ;

namespace llama_stack::testing {

namespace {

// The started server's process group, for the SIGINT handler.
volatile pid_t running_group = 0;

void sleep_ms(long ms) {
  timespec t{ms / 1000, (ms % 1000) * 1000000};
  nanosleep(&t, nullptr);
}

// Reaps `pid` within `ms`; whether it ended.
bool reap_within(pid_t pid, long ms) {
  for (long waited = 0;; waited += 50) {
    int status = 0;
    const pid_t r = waitpid(pid, &status, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (waited >= ms) return false;
    sleep_ms(50);
  }
}

// Only async-signal-safe calls: an interrupted run must not leave its server behind.
extern "C" void stop_server_and_die(int signal_number) {
  const pid_t group = running_group;
  if (group > 0) {
    kill(-group, SIGTERM);
    if (!reap_within(group, 5000)) {
      kill(-group, SIGKILL);
      reap_within(group, 1000);
    }
  }
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// Whether something accepts connections on the loopback port.
bool port_in_use(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool connected = ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
  ::close(fd);
  return connected;
}

// The body of GET `url` when it answers 200; nullopt when it does not answer so.
std::optional<std::string> get_ok(HttpClient& http, const std::string& url) {
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.timeout = std::chrono::seconds(2);
  try {
    auto answer = http.send(request);
    if (answer.status == 200) return answer.body;
  } catch (const StackError&) {
  }
  return std::nullopt;
}

bool is_llama_stack_version(const std::string& body) {
  boost::system::error_code ec;
  const auto v = boost::json::parse(body, ec);
  return !ec && v.is_object() && v.as_object().contains("version");
}

std::string tail_of(const std::filesystem::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::deque<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.pop_front();
  }
  std::string out;
  for (const auto& l : kept) out += "  | " + l + "\n";
  return out.empty() ? "  (it printed nothing)\n" : out;
}

std::vector<std::string> child_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry(*e);
    if (!overrides.contains(entry.substr(0, entry.find('=')))) out.push_back(entry);
  }
  for (const auto& [k, v] : overrides) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

std::filesystem::path find_llama_stack_binary() {
  std::error_code ec;
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  for (const auto& candidate : {self.parent_path() / "llama-stack",
                                self.parent_path().parent_path() / "stack/cli/llama-stack"})
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  return {};
}

ServerProcess::ServerProcess(const ServerLaunch& launch) : stop_timeout_(launch.stop_timeout) {
  const std::string port = std::to_string(launch.port);
  url_ = "http://127.0.0.1:" + port;
  auto http = make_network_http_client();
  if (port_in_use(launch.port)) {
    if (auto body = get_ok(*http, url_ + "/v1/version"); body && is_llama_stack_version(*body))
      return;  // a Llama Stack server already serves there: reuse it
    throw ServerStartError("port " + port +
                           " is taken by something that is not a Llama Stack "
                           "server (GET /v1/version did not answer as one); pick another port "
                           "with --stack-config=server:" +
                           launch.config + ":<port>");
  }
  if (launch.binary.empty())
    throw ServerStartError(
        "cannot find the llama-stack binary beside the runner or in the build tree");

  char log_template[] = "/tmp/llama-stack-test-server-XXXXXX";
  const int log_fd = ::mkstemp(log_template);
  if (log_fd < 0)
    throw ServerStartError(std::string("cannot create a log file: ") + std::strerror(errno));
  log_ = log_template;

  std::vector<std::string> args{launch.binary.string(), "run", launch.config, "--port", port};
  args.insert(args.end(), launch.args.begin(), launch.args.end());
  const std::vector<std::string> env = child_environment(launch.env);
  std::vector<char*> argv, envp;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  ::signal(SIGINT, stop_server_and_die);
  ::signal(SIGTERM, stop_server_and_die);
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(log_fd);
    throw ServerStartError(std::string("cannot start llama-stack: fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    // A runner that dies (a crash, SIGKILL) takes its server with it.
    ::prctl(PR_SET_PDEATHSIG, SIGTERM);
    if (::getppid() == 1) ::_exit(1);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    ::execve(argv[0], argv.data(), envp.data());
    const char* why = std::strerror(errno);
    [[maybe_unused]] auto n = ::write(STDERR_FILENO, "exec failed: ", 13);
    n = ::write(STDERR_FILENO, why, std::strlen(why));
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: no race with the child's own call
  ::close(log_fd);
  child_ = pid;
  running_group = pid;

  const std::string command = "llama-stack run " + launch.config + " --port " + port;
  const auto deadline = std::chrono::steady_clock::now() + launch.ready_timeout;
  while (true) {
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == pid) {
      child_ = -1;
      running_group = 0;
      const std::string how = WIFEXITED(status)
                                  ? "exited with status " + std::to_string(WEXITSTATUS(status))
                                  : "was killed by signal " + std::to_string(WTERMSIG(status));
      const std::string tail = tail_of(log_, 20);
      std::filesystem::remove(log_);
      throw ServerStartError("the server (" + command + ") " + how +
                             " before answering GET /v1/health; its output ends:\n" + tail);
    }
    if (get_ok(*http, url_ + "/v1/health")) return;
    if (std::chrono::steady_clock::now() > deadline) {
      const std::string tail = tail_of(log_, 20);
      stop();
      throw ServerStartError("the server (" + command + ") did not answer GET /v1/health within " +
                             std::to_string(launch.ready_timeout.count() / 1000) +
                             " s; its output ends:\n" + tail);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

void ServerProcess::stop() {
  if (child_ > 0) {
    ::kill(-child_, SIGTERM);
    if (!reap_within(child_, static_cast<long>(stop_timeout_.count()))) {
      ::kill(-child_, SIGKILL);
      reap_within(child_, 1000);
    }
    child_ = -1;
    running_group = 0;
  }
  if (!log_.empty()) {
    std::error_code ec;
    std::filesystem::remove(log_, ec);
    log_.clear();
  }
}

ServerProcess::~ServerProcess() { stop(); }

}  // namespace llama_stack::testing
