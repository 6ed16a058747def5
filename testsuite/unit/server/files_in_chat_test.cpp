// A chat message naming an uploaded file ({"type": "file", "file":
// {"file_id"}}) reaches the upstream with the file's bytes inline: upload
// through the server (multipart), chat through the server, and look at what
// FakeOpenAI (the upstream TEST DOUBLE of server_test_support.hpp) was sent.
#include "stack/client/library_client.hpp"
#include <llama_stack/base64.hpp>
#include "testsuite/unit/server/server_test_support.hpp"

#include <fstream>

using namespace server_test;
using namespace llama_stack;

TEST_CASE("a file part naming an uploaded file is sent upstream with the file's bytes") {
  TempDir dir;
  const auto config = dir.path() / "run.yaml";
  std::ofstream(config) << "version: 2\nimage_name: t\napis: [inference, files]\nproviders:\n"
                           "  inference:\n  - provider_id: openai\n    provider_type: remote::openai\n"
                           "    config: {api_key: sk-test}\n"
                           "  files:\n  - provider_id: files\n    provider_type: inline::localfs\n"
                           "    config:\n      storage_dir: " + (dir.path() / "files").string() + "\n"
                           "      metadata_store: {type: sqlite, db_path: " + (dir.path() / "files.db").string() + "}\n";
  auto upstream = std::make_shared<FakeOpenAI>();
  StackServerOptions options;
  options.client.env = Environment::isolated();
  options.client.http = upstream;
  options.port = 0;
  options.http.address = "127.0.0.1";
  StackServer server(config.string(), std::move(options));
  ClientOptions remote;
  remote.env = Environment::isolated();
  auto client = LlamaStackClient::from_url("http://127.0.0.1:" + std::to_string(server.port()), remote);
  const std::string pdf = "%PDF-1.4 Hello World";
  const auto uploaded = client.files.upload("hello.pdf", pdf, "assistants", std::nullopt, "application/pdf");

  json::object params{
      {"model", "openai/gpt-test"},
      {"messages", json::array{
          json::object{{"role", "user"},
                       {"content", json::array{json::object{{"type", "file"}, {"file", {{"file_id", uploaded.id}}}}}}},
          json::object{{"role", "user"}, {"content", "Describe what you see in this PDF file."}}}}};
  client.chat.completions.create(params);
  const auto sent = upstream->chat_bodies();
  REQUIRE(sent.size() == 1);
  const auto& file = sent[0].at("messages").at(0).at("content").at(0).at("file").as_object();
  CHECK_FALSE(file.contains("file_id"));
  CHECK(file.at("file_data").as_string() == "data:application/pdf;base64," + base64::encode(pdf));
  CHECK(file.at("filename").as_string() == "hello.pdf");

  params["messages"].as_array()[0].at("content").as_array()[0].at("file").as_object()["file_id"] = "file-nope";
  CHECK_THROWS_WITH_AS(client.chat.completions.create(params), doctest::Contains("file-nope"), NotFoundError);
  CHECK(upstream->chat_bodies().size() == 1);
}
