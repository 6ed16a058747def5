// The server's request path without a socket: the input is what a client
// sends on one connection (request line, target and query, headers such as
// X-LlamaStack-Provider-Data, a Content-Length or chunked body, pipelined
// requests after it), answered by answer_bytes() as HttpServer's connections
// answer it: Beast's parser, the route match, StackHandler, the error
// mapping. The stack is `inference=ollama` replaying shipped recordings (a
// chat, a streamed chat, the model list) from a private copy; it has no
// network at all: what the recordings do not hold is a replay miss.
// Properties: nothing escapes (a crash or an uncaught exception is a
// finding); every answer has a status HTTP has (100..599); every 4xx/5xx is
// JSON of OpenAI's error shape {"error": {"message", "type", "code"}} whose
// code is its status (a 405 also says Allow); a 200 is a JSON document or
// server-sent events, each "data: <JSON>\n\n", ending with "data: [DONE]"
// or an error event of that same shape.
#include "fuzz/fuzz_support.hpp"
#include "stack/client/library_client.hpp"
#include "stack/client/outbound_http.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/server/http_server.hpp"
#include "stack/server/stack_handler.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <signal.h>
#include <unistd.h>

using namespace llama_stack;
using fuzz::check;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// Replay never calls its upstream; if a request ever got this far, it
// would fail as an unreachable provider does.
class NoNetwork final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& request) override {
    throw ConnectionError(request.url, "no network in the fuzz target");
  }
  StreamResponse open_stream(const HttpRequest& request, StreamFormat) override {
    throw ConnectionError(request.url, "no network in the fuzz target");
  }
};

// The shipped recordings the seeds ask for (fuzz/make-seeds), and Ollama's
// model list, which resolves their model: the replay store writes its index
// beside them, so they are copied.
constexpr const char* kRecordings[] = {
    "models-c6d868d8e2ea523d5f4156a651b08f9abb7d2a22b5565947f8c9143c2e1e97d6-8536b21a.json",
    "0a701313a01c3c1399c8ade5b8e677ce6ce3d5998a041182ad490e5c5ff4b953.json",
    "079d9c2dbc0ba826d97024706d63693ba05df5d81518c98cce808b88154392e9.json",
};

constexpr std::string_view kDirPrefix = "fuzz-server-request-";

// A finding aborts the process before its directory is removed: the next
// run removes those of processes that are gone (named by their pid).
void remove_abandoned_dirs() {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fs::temp_directory_path(), ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(kDirPrefix)) continue;
    const long pid = std::strtol(name.c_str() + kDirPrefix.size(), nullptr, 10);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH)
      fs::remove_all(entry.path(), ec);
  }
}

fs::path private_recordings() {
  remove_abandoned_dirs();
  const fs::path dir =
      fs::temp_directory_path() / (std::string(kDirPrefix) + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "responses");
  for (const char* name : kRecordings)
    fs::copy_file(fs::path(FUZZ_SOURCE_DIR) / "recordings" / "responses" / name,
                  dir / "responses" / name);
  return dir;
}

Environment replay_environment(const fs::path& dir) {
  Environment env = Environment::isolated();
  env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "replay");
  env.set("LLAMA_STACK_TEST_RECORDING_DIR", dir.string());
  env.set("OLLAMA_URL", "http://127.0.0.1:9");
  return env;
}

ClientOptions replaying(const Environment& env,
                        const std::shared_ptr<replay::RecordingSession>& session) {
  ClientOptions options;
  options.env = env;
  options.http = with_replay(std::make_shared<NoNetwork>(), session);
  return options;
}

// Built once per process; its directory goes when the process exits (or
// with the next run after a finding).
struct ReplayStack {
  fs::path dir = private_recordings();
  Environment env = replay_environment(dir);
  std::shared_ptr<replay::RecordingSession> session = replay::RecordingSession::from_environment(env);
  LlamaStackClient client = LlamaStackClient::from_config("inference=ollama", replaying(env, session));
  server::StackHandler handler{client.route_services(), session};
  ~ReplayStack() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
};

std::optional<std::string> header(const server::ServerResponse& response, std::string_view name) {
  server::ServerRequest view;  // its header() is the case-insensitive lookup
  view.headers = response.headers;
  return view.header(name);
}

// `status`: the response's; none for an error event of a stream, whose
// code is then any 4xx/5xx.
void check_error_body(const json::value& body, std::optional<int> status) {
  check(body.is_object() && body.as_object().size() == 1 && body.as_object().contains("error"),
        "an error body is {\"error\": ...}");
  const json::value& error = body.at("error");
  check(error.is_object(), "\"error\" is an object");
  const json::object& fields = error.as_object();
  for (const char* key : {"message", "type", "code"})
    check(fields.contains(key) && fields.at(key).is_string(), "error message, type, code are strings");
  const std::string code(fields.at("code").as_string());
  if (status) {
    check(code == std::to_string(*status), "the error code is the status");
  } else {
    const bool is_status = code.size() == 3 && (code[0] == '4' || code[0] == '5') &&
                           std::isdigit(static_cast<unsigned char>(code[1])) &&
                           std::isdigit(static_cast<unsigned char>(code[2]));
    check(is_status, "an error event's code is a 4xx/5xx status");
  }
}

void check_answer(server::ServerResponse& response) {
  const int status = response.status;
  check(status >= 100 && status <= 599, "the status is one HTTP has");
  if (status >= 400) {
    check(!response.stream, "an error is not streamed");
    check(header(response, "Content-Type") == "application/json", "an error is JSON");
    boost::system::error_code ec;
    const json::value body = json::parse(response.body, ec);
    check(!ec, "an error body parses as JSON");
    check_error_body(body, status);
    if (status == 405) check(header(response, "Allow").value_or("").size() > 0, "a 405 says Allow");
    return;
  }
  if (!response.stream) {
    boost::system::error_code ec;
    (void)json::parse(response.body, ec);
    check(!ec, "a 2xx body parses as JSON");
    return;
  }
  check(header(response, "Content-Type") == "text/event-stream", "a stream is server-sent events");
  std::optional<std::string> last;
  while (auto piece = response.stream->next()) {
    check(!last || *last != "data: [DONE]\n\n", "nothing follows [DONE]");
    check(piece->starts_with("data: ") && piece->ends_with("\n\n"), "each piece is one SSE event");
    last = std::move(piece);
    if (*last == "data: [DONE]\n\n") continue;
    boost::system::error_code ec;
    const json::value payload = json::parse(last->substr(6, last->size() - 8), ec);
    check(!ec, "an event's data is JSON");
    if (payload.is_object() && payload.as_object().contains("error"))
      check_error_body(payload, std::nullopt);
  }
  check(last.has_value(), "a stream ends with an event");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static ReplayStack stack;
  server::ServerOptions options;
  // Small, so that a fuzzed body can pass it (413).
  options.max_body_bytes = 8 * 1024;
  server::answer_bytes(fuzz::as_text(data, size), options, std::cref(stack.handler),
                       &server::error_response, check_answer);
  return 0;
}
