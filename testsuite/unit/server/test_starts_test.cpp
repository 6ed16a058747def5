// Deterministic ids through a server that outlives a test: each start of a
// test (our client's "__test_start" token) restarts the ids the server
// mints for it, so a test run again against the same server gets the ids it
// was recorded with; a client sending no token (Python's) counts on.
#include "stack/client/library_client.hpp"
#include "testsuite/unit/server/server_test_support.hpp"

#include <fstream>

using namespace server_test;
using namespace llama_stack;

namespace {

const std::string kTest = "files/test_files.cpp::test_openai_client_basic_operations";

struct FilesReplayServer {
  FilesReplayServer() {
    const auto config = dir.path() / "run.yaml";
    std::ofstream(config) << "version: 2\nimage_name: t\napis: [files]\nproviders:\n"
                             "  files:\n  - provider_id: files\n    provider_type: inline::localfs\n"
                             "    config:\n      storage_dir: " + (dir.path() / "files").string() + "\n"
                             "      metadata_store: {type: sqlite, db_path: " + (dir.path() / "files.db").string() + "}\n";
    StackServerOptions options;
    options.client.env = Environment::isolated();
    options.client.env.set("LLAMA_STACK_TEST_INFERENCE_MODE", "replay");
    options.client.env.set("LLAMA_STACK_TEST_RECORDING_DIR", dir.path().string());
    options.port = 0;
    options.http.address = "127.0.0.1";
    server = std::make_unique<StackServer>(config.string(), std::move(options));
  }
  LlamaStackClient client() const {
    ClientOptions remote;
    remote.env = Environment::isolated();
    return LlamaStackClient::from_url("http://127.0.0.1:" + std::to_string(server->port()), remote);
  }
  TempDir dir;
  std::unique_ptr<StackServer> server;
};

std::string upload(LlamaStackClient& client) { return client.files.upload("a.txt", "text", "assistants").id; }

}  // namespace

TEST_CASE("a test started again against the same server mints the ids of its first start") {
  FilesReplayServer server;
  auto client = server.client();
  client.set_test_id(kTest);
  const std::string first = upload(client);
  const std::string second = upload(client);
  CHECK(first != second);

  client.set_test_id(kTest);  // the runner starting the test again
  CHECK(upload(client) == first);
  auto other = server.client();  // another runner process, same server
  other.set_test_id(kTest);
  CHECK(upload(other) == first);
  CHECK(upload(other) == second);

  // Python's clients send only "__test_id": the server counts on.
  LlamaStackClient python = server.client();
  RouteRequest request;
  request.form.push_back({"file", "a.txt", "text/plain", "text"});
  request.form.push_back({"purpose", {}, {}, "assistants"});
  const auto third = python.call("POST", "/v1/files", request, RequestOptions{{{"__test_id", kTest}}});
  const std::string third_id(third.body.at("id").as_string());
  CHECK(third_id != first);
  CHECK(third_id != second);
}

TEST_CASE("a '__test_start' that is not a string is a 400 naming it") {
  FilesReplayServer server;
  const auto answer = call(server.server->port(), "GET", "/v1/files", {},
                           provider_data({{"__test_id", kTest}, {"__test_start", 7}}));
  CHECK(answer.status == 400);
  CHECK(answer.body.find("'__test_start' must be a string") != std::string::npos);
}
