// A bounded load test of `llama-stack run` in replay mode on loopback:
// concurrent clients, each with its own keep-alive connection (the
// network HttpClient's pool), send POST /v1/chat/completions for two
// shipped recordings, one answered whole and one streamed. Every answer
// must be 200 and the same bytes as the first one of its kind (replay is
// deterministic), and checked once against the recording itself. The
// server's RSS is read after a warm-up and at the end: growing by more than
// the bound means a leak (the bound is generous so that allocator noise
// cannot fail it). Prints one JSON line of figures (requests/s is
// information, not a pass criterion) and exits 1 on any error or a bound
// exceeded, 2 when it cannot start.
//
// usage: server-load LLAMA_STACK [--requests N] [--clients N] [--stream-every N]
//                    [--warmup N] [--rss-bound-mib N]
// Run from the source root (it copies recordings/responses/ files).
#include "testsuite/runner/server_process.hpp"

#include "stack/http/network_http_client.hpp"

#include <llama_stack/http_client.hpp>

#include <boost/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
namespace json = boost::json;
using namespace llama_stack;

// GCC says so with __SANITIZE_ADDRESS__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAddressSanitizer = true;
#else
constexpr bool kUnderAddressSanitizer = false;
#endif
#else
constexpr bool kUnderAddressSanitizer = false;
#endif

namespace {

struct Options {
  fs::path binary;
  long requests = 100000;
  int clients = 8;
  int stream_every = 10;  // every Nth request is streamed
  long warmup = 2000;
  long rss_bound_mib = 64;
};

long number(const std::string& flag, const char* text, long low) {
  char* end = nullptr;
  const long value = text != nullptr ? std::strtol(text, &end, 10) : 0;
  if (text == nullptr || *end != '\0' || value < low) {
    std::cerr << "server-load: " << flag << " needs a whole number >= " << low << "\n";
    std::exit(2);
  }
  return value;
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) {
    std::cerr << "usage: server-load LLAMA_STACK [--requests N] [--clients N] [--stream-every N] "
                 "[--warmup N] [--rss-bound-mib N]\n";
    std::exit(2);
  }
  o.binary = argv[1];
  for (int i = 2; i < argc; i += 2) {
    const std::string flag = argv[i];
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    if (flag == "--requests") o.requests = number(flag, value, 1);
    else if (flag == "--clients") o.clients = static_cast<int>(number(flag, value, 1));
    else if (flag == "--stream-every") o.stream_every = static_cast<int>(number(flag, value, 1));
    else if (flag == "--warmup") o.warmup = number(flag, value, 0);
    else if (flag == "--rss-bound-mib") o.rss_bound_mib = number(flag, value, 1);
    else {
      std::cerr << "server-load: unknown option " << flag << "\n";
      std::exit(2);
    }
  }
  return o;
}

// A loopback port nothing listens on now (the kernel's pick).
std::uint16_t free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::cerr << "server-load: cannot find a free loopback port\n";
    std::exit(2);
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

// VmRSS of `pid` in KiB.
long rss_kib(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return -1;
}

// The recordings served, copied: replay notes what it used in an index
// beside them, and the checkout's must stay untouched.
struct RecordingsCopy {
  fs::path dir;
  explicit RecordingsCopy(const std::vector<std::string>& names) {
    std::string pattern = (fs::temp_directory_path() / "server-load-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::cerr << "server-load: cannot create a temporary directory\n";
      std::exit(2);
    }
    dir = pattern;
    fs::create_directories(dir / "responses");
    for (const auto& name : names)
      fs::copy_file(fs::path("recordings") / "responses" / name, dir / "responses" / name);
  }
  ~RecordingsCopy() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

// One kind of request the clients send: a shipped recording's question, as
// the suite's test that recorded it asks it.
struct Exchange {
  std::string recording;  // file name under recordings/responses/
  bool stream = false;
  HttpRequest request;
  std::string expected;  // the first answer's bytes (events joined by "\n")
};

Exchange exchange_of(const std::string& recording, const std::string& base_url) {
  std::ifstream in(fs::path("recordings") / "responses" / recording);
  const json::value rec = json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  const json::object& body = rec.at("request").at("body").as_object();
  Exchange e;
  e.recording = recording;
  e.stream = body.contains("stream") && body.at("stream").as_bool();
  e.request.method = "POST";
  e.request.url = base_url + "/v1/chat/completions";
  e.request.endpoint = "/v1/chat/completions";
  e.request.timeout = std::chrono::seconds(30);
  e.request.headers = {{"X-LlamaStack-Provider-Data",
                        json::serialize(json::object{{"__test_id", rec.at("test_id")}})}};
  e.request.body = json::object{{"model", "ollama/" + std::string(body.at("model").as_string())},
                                {"stream", e.stream},
                                {"messages", body.at("messages")}};
  return e;
}

// The answer's bytes; a StackError, or std::runtime_error for a status
// other than 200.
std::string answer(HttpClient& http, const Exchange& e) {
  if (!e.stream) {
    HttpResponse r = http.send(e.request);
    if (r.status != 200)
      throw std::runtime_error("status " + std::to_string(r.status) + ": " + r.body.substr(0, 300));
    return std::move(r.body);
  }
  StreamResponse r = http.open_stream(e.request, StreamFormat::sse);
  if (r.status != 200)
    throw std::runtime_error("stream status " + std::to_string(r.status) + ": " +
                             r.error_body.substr(0, 300));
  std::string out;
  while (auto event = r.events->next()) out += *event + "\n";
  return out;
}

// The content a chunk's first choice adds; "" for none.
std::string delta_text(const json::value& chunk) {
  const auto& choices = chunk.at("choices").as_array();
  if (choices.empty()) return {};
  const auto* content = choices[0].at("delta").as_object().if_contains("content");
  return content && content->is_string() ? std::string(content->as_string()) : std::string();
}

// The recorded answer's text, and the text of the replayed one: the first
// answers are checked against the recording itself, not only each other.
std::string recorded_text(const Exchange& e) {
  std::ifstream in(fs::path("recordings") / "responses" / e.recording);
  const json::value rec = json::parse(std::string(std::istreambuf_iterator<char>(in), {}));
  const json::object& response = rec.at("response").as_object();
  if (!e.stream)
    return std::string(response.at("body").at("choices").at(0).at("message").at("content").as_string());
  std::string text;
  for (const auto& chunk : response.at("chunks").as_array()) {
    text += delta_text(chunk.is_string() ? json::parse(chunk.as_string()) : chunk);
  }
  return text;
}

std::string replayed_text(const Exchange& e, const std::string& bytes) {
  if (!e.stream)
    return std::string(json::parse(bytes).at("choices").at(0).at("message").at("content").as_string());
  std::string text;
  for (std::size_t at = 0; at < bytes.size();) {
    const std::size_t end = bytes.find('\n', at);
    text += delta_text(json::parse(std::string_view(bytes).substr(at, end - at)));
    at = end + 1;
  }
  return text;
}

struct Tally {
  std::atomic<long> next{0};
  std::atomic<long> done{0};
  std::atomic<long> streamed{0};
  std::atomic<long> errors{0};
  std::mutex mutex;
  std::string first_error;  // guarded by mutex
};

// `count` requests shared by `clients` threads, each with its own client
// (its own keep-alive connection); every `stream_every`th is streamed.
void drive(const std::vector<Exchange>& kinds, const Options& o, long count, Tally& tally) {
  tally.next = 0;
  std::vector<std::thread> threads;
  for (int t = 0; t < o.clients; ++t)
    threads.emplace_back([&] {
      const auto http = make_network_http_client();
      for (long i; (i = tally.next.fetch_add(1)) < count;) {
        const Exchange& e = kinds[i % o.stream_every == 0 ? 1 : 0];
        try {
          if (answer(*http, e) != e.expected)
            throw std::runtime_error("answer differs from the first replayed answer of " + e.recording);
          tally.done.fetch_add(1);
          if (e.stream) tally.streamed.fetch_add(1);
        } catch (const std::exception& error) {
          if (tally.errors.fetch_add(1) == 0) {
            std::lock_guard lock(tally.mutex);
            tally.first_error = error.what();
          }
        }
      }
    });
  for (auto& t : threads) t.join();
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  // A chat answered whole and one streamed (test_openai_completion.cpp's).
  const std::vector<std::string> recordings{
      "0a701313a01c3c1399c8ade5b8e677ce6ce3d5998a041182ad490e5c5ff4b953.json",
      "079d9c2dbc0ba826d97024706d63693ba05df5d81518c98cce808b88154392e9.json"};
  // With Ollama's model list, which resolves their model.
  std::vector<std::string> served = recordings;
  served.push_back("models-c6d868d8e2ea523d5f4156a651b08f9abb7d2a22b5565947f8c9143c2e1e97d6-8536b21a.json");
  RecordingsCopy copy(served);
  testing::ServerLaunch launch;
  launch.binary = o.binary;
  launch.config = "inference=ollama";
  launch.port = free_port();
  launch.env = {{"LLAMA_STACK_TEST_INFERENCE_MODE", "replay"},
                {"LLAMA_STACK_TEST_RECORDING_DIR", copy.dir.string()},
                {"OLLAMA_URL", "http://127.0.0.1:9"}};  // nothing listens there
  // One log line per request would be most of the work.
  launch.args = {"--log-level", "warning"};
  std::optional<testing::ServerProcess> server;
  try {
    server.emplace(launch);
  } catch (const std::exception& e) {
    std::cerr << "server-load: " << e.what() << "\n";
    return 2;
  }
  if (server->reused()) {
    std::cerr << "server-load: port " << launch.port << " was taken by another server\n";
    return 2;
  }
  const pid_t pid = server->pid();
  const long rss_start = rss_kib(pid);

  std::vector<Exchange> kinds;
  {
    const auto http = make_network_http_client();
    for (const auto& name : recordings) {
      Exchange e = exchange_of(name, server->url());
      try {
        e.expected = answer(*http, e);
        if (replayed_text(e, e.expected) != recorded_text(e))
          throw std::runtime_error("the replayed answer is not the recorded one");
      } catch (const std::exception& error) {
        std::cerr << "server-load: " << name << ": " << error.what() << "\n";
        return 1;
      }
      kinds.push_back(std::move(e));
    }
  }
  if (kinds[0].stream || !kinds[1].stream) {
    std::cerr << "server-load: expected a whole and a streamed recording\n";
    return 2;
  }

  Tally warm;
  drive(kinds, o, o.warmup, warm);
  const long rss_warm = rss_kib(pid);
  Tally tally;
  const auto started = std::chrono::steady_clock::now();
  drive(kinds, o, o.requests, tally);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const long rss_end = rss_kib(pid);
  server.reset();  // SIGTERM: it finishes and exits

  const long errors = warm.errors + tally.errors;
  // Under AddressSanitizer the server keeps freed memory in its quarantine
  // (256 MiB by default) and its allocator caches, so its RSS climbs for a
  // while without a leak; there LeakSanitizer, at the server's exit, is the
  // leak check, and the plain build's run holds the tight bound.
  constexpr long kSanitizerSlackKib = kUnderAddressSanitizer ? 512 * 1024 : 0;
  const long bound_kib = o.rss_bound_mib * 1024 + kSanitizerSlackKib;
  const bool steady = rss_warm > 0 && rss_end > 0 && rss_end <= rss_warm + bound_kib;
  std::cout << json::serialize(json::object{
                   {"test", "server-load"},
                   {"requests", tally.done.load()},
                   {"streamed", tally.streamed.load()},
                   {"clients", o.clients},
                   {"errors", errors},
                   {"seconds", seconds},
                   {"requests_per_second", seconds > 0 ? tally.done / seconds : 0.0},
                   {"rss_start_kib", rss_start},
                   {"rss_warm_kib", rss_warm},
                   {"rss_end_kib", rss_end},
                   {"rss_growth_kib", rss_end - rss_warm},
                   {"rss_bound_kib", bound_kib}})
            << std::endl;
  if (errors > 0) {
    std::cerr << "server-load: " << errors << " request(s) failed; the first: "
              << (tally.first_error.empty() ? warm.first_error : tally.first_error) << "\n";
    return 1;
  }
  if (tally.done != o.requests) {
    std::cerr << "server-load: " << tally.done << " of " << o.requests << " requests answered\n";
    return 1;
  }
  if (!steady) {
    std::cerr << "server-load: server RSS grew from " << rss_warm << " KiB after warm-up to "
              << rss_end << " KiB, more than the bound of " << bound_kib << " KiB\n";
    return 1;
  }
  return 0;
}
