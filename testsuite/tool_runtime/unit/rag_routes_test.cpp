// The RAG tool's routes through a whole stack (inline::rag-runtime over
// inline::sqlite-vec), in library mode and through a server on an
// ephemeral port: documents inserted (text, a data: URL, a URL fetched
// through the stack's HTTP client) and queried back with the Python
// RAGQueryResult, and the bad input the routes name (an unknown store, a
// missing field).
#include "stack/server/stack_server.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace json = boost::json;
using namespace llama_stack;
using config_test::TempDir;
using config_test::write_text;

namespace {

// TEST DOUBLE of the stack's upstreams (an in-process HttpClient, not a
// model): the OpenAI-compatible API lists no models and "embeds" a text as
// its counts of four words, which is enough to know which chunk a query
// finds; the web server at docs.test answers one page.
class Upstreams final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& r) override {
    std::lock_guard lock(mutex_);
    urls.push_back(r.url);
    if (r.url == "http://docs.test/rivers.txt")
      return {200, {{"Content-Type", "text/plain"}}, "The Seine flows through Paris in France."};
    if (r.method == "GET") return {200, {}, R"({"object":"list","data":[]})"};
    json::array data;
    std::int64_t i = 0;
    for (const auto& input : r.body.at("input").as_array()) {
      std::string text;
      for (unsigned char c : input.as_string()) text += static_cast<char>(std::tolower(c));
      json::array v;
      for (const char* word : {"paris", "python", "seine", "guitar"}) {
        double n = 0;
        for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) ++n;
        v.push_back(n + 0.01);
      }
      data.push_back(json::object{{"object", "embedding"}, {"index", i++}, {"embedding", std::move(v)}});
    }
    return {200, {}, json::serialize(json::object{{"object", "list"}, {"data", std::move(data)}, {"model", "topics"}})};
  }
  StreamResponse open_stream(const HttpRequest&, StreamFormat) override { throw std::logic_error("no streams"); }
  std::vector<std::string> urls;

 private:
  std::mutex mutex_;
};

std::string write_config(const TempDir& dir) {
  const auto file = dir.path() / "run.yaml";
  write_text(file, "version: 2\nimage_name: rag-routes\napis: [inference, vector_io, tool_runtime]\n"
                   "providers:\n  inference:\n  - provider_id: openai\n    provider_type: remote::openai\n"
                   "    config:\n      api_key: test-key\n      base_url: http://upstream.test/v1\n"
                   "  vector_io:\n  - provider_id: sqlite-vec\n    provider_type: inline::sqlite-vec\n"
                   "    config:\n      db_path: " + (dir.path() / "vec.db").string() + "\n"
                   "  tool_runtime:\n  - provider_id: rag-runtime\n    provider_type: inline::rag-runtime\n"
                   "models:\n- model_id: topics\n  provider_id: openai\n  provider_model_id: topics\n"
                   "  model_type: embedding\n  metadata:\n    embedding_dimension: 4\n"
                   "tool_groups:\n- toolgroup_id: builtin::rag\n  provider_id: rag-runtime\n");
  return file.string();
}

ClientOptions options_with(std::shared_ptr<HttpClient> http) {
  ClientOptions options;
  options.env = Environment::isolated();
  options.strict = true;
  options.http = std::move(http);
  return options;
}

json::object post(LlamaStackClient& client, const char* route, json::object body) {
  return client.call("POST", route, RouteRequest({}, std::move(body))).body.as_object();
}

std::string error_of(LlamaStackClient& client, const char* route, json::object body, bool& not_found) {
  try {
    client.call("POST", route, RouteRequest({}, std::move(body)));
  } catch (const NotFoundError& e) {
    not_found = true;
    return e.what();
  } catch (const InvalidRequestError& e) {
    not_found = false;
    return e.what();
  }
  return "no error";
}

void check_routes(LlamaStackClient& client, Upstreams& upstreams) {
  const auto store = post(client, "/v1/vector_stores", {{"name", "rivers"}, {"embedding_model", "topics"}});
  const std::string id(store.at("id").as_string());

  // Python's insert answers null, ours {}; the three documents' chunks go in.
  const auto inserted = post(client, "/v1/tool-runtime/rag-tool/insert",
                             json::parse(R"({"vector_db_id": ")" + id + R"(", "chunk_size_in_tokens": 128,
    "documents": [
      {"document_id": "python", "content": "Python is a language for code.", "metadata": {"topic": "code"}},
      {"document_id": "guitar", "content": "data:text/plain;base64,QSBndWl0YXIgaGFzIHNpeCBzdHJpbmdzLg=="},
      {"document_id": "rivers", "content": {"uri": "http://docs.test/rivers.txt"}}]})").as_object());
  CHECK(inserted.empty());
  CHECK(std::find(upstreams.urls.begin(), upstreams.urls.end(), "http://docs.test/rivers.txt") != upstreams.urls.end());

  const auto found = post(client, "/v1/tool-runtime/rag-tool/query",
                          {{"content", "Which river flows through Paris? Seine?"},
                           {"vector_db_ids", json::array{json::value(id)}},
                           {"query_config", {{"max_chunks", 1}}}});
  const auto& content = found.at("content").as_array();
  REQUIRE(content.size() == 4);
  CHECK(content[0].at("text") == "knowledge_search tool found 1 chunks:\nBEGIN of knowledge_search tool results.\n");
  CHECK(std::string(content[1].at("text").as_string()).starts_with(
      "Result 1\nContent: The Seine flows through Paris in France.\nMetadata: {'chunk_id': 'chunk-"));
  CHECK(std::string(content[1].at("text").as_string()).ends_with("', 'document_id': 'rivers', 'source': None}\n"));
  CHECK(found.at("metadata").at("document_ids") == json::array{"rivers"});
  CHECK(found.at("metadata").at("vector_db_ids") == json::array{json::value(id)});
  CHECK_FALSE(found.at("metadata").as_object().contains("citation_files"));

  // The same search as the tool answers it, and a data: URL's text found.
  auto guitar = client.tool_runtime.invoke_tool("knowledge_search",
                                                {{"query", "guitar"}, {"vector_db_ids", json::array{json::value(id)}},
                                                 {"query_config", {{"max_chunks", 1}}}});
  CHECK(guitar.raw.at("metadata").at("document_ids") == json::array{"guitar"});
  CHECK(guitar.raw.at("metadata").at("citation_files").is_null());

  // The typed client, the newer key names.
  client.tool_runtime.rag_tool.insert(json::parse(R"([{"document_id": "more", "content": "Python again"}])").as_array(),
                                      id, 512);
  const auto typed = client.tool_runtime.rag_tool.query("python", {id}, json::object{{"max_chunks", 2}});
  CHECK(typed.metadata.at("document_ids").as_array().size() == 2);

  bool not_found = false;
  CHECK(error_of(client, "/v1/tool-runtime/rag-tool/insert",
                 json::parse(R"({"vector_store_id": "vs_missing", "documents": [{"document_id": "d", "content": "x"}]})")
                     .as_object(),
                 not_found)
            .find("'vs_missing'") != std::string::npos);
  CHECK(not_found);
  CHECK(error_of(client, "/v1/tool-runtime/rag-tool/query",
                 {{"content", "q"}, {"vector_db_ids", json::array{"vs_missing"}}}, not_found)
            .find("'vs_missing'") != std::string::npos);
  CHECK(not_found);
  CHECK(error_of(client, "/v1/tool-runtime/rag-tool/insert",
                 json::parse(R"({"vector_store_id": ")" + id + R"(", "documents": [{"document_id": "d"}]})").as_object(),
                 not_found)
            .find("parameter 'documents[0].content' is required") != std::string::npos);
  CHECK_FALSE(not_found);
  CHECK(error_of(client, "/v1/tool-runtime/rag-tool/query", {{"vector_db_ids", json::array{json::value(id)}}}, not_found)
            .find("rag-tool query: parameter 'content' is required") != std::string::npos);
  CHECK_FALSE(not_found);
  CHECK(error_of(client, "/v1/tool-runtime/rag-tool/insert", {{"vector_store_id", id}}, not_found)
            .find("rag-tool insert: parameter 'documents' is required") != std::string::npos);
  CHECK_FALSE(not_found);

  // Nothing found: Python's RAGQueryResult with content null.
  const auto empty_store = post(client, "/v1/vector_stores", {{"name", "empty"}, {"embedding_model", "topics"}});
  const auto nothing = post(client, "/v1/tool-runtime/rag-tool/query",
                            {{"content", "q"}, {"vector_store_ids", json::array{empty_store.at("id")}}});
  CHECK(json::value(nothing) == json::parse(R"({"content": null, "metadata": {}})"));
}

}  // namespace

TEST_CASE("rag-tool routes in library mode") {
  TempDir dir;
  auto upstreams = std::make_shared<Upstreams>();
  auto client = LlamaStackClient::from_config(write_config(dir), options_with(upstreams));
  check_routes(client, *upstreams);
}

TEST_CASE("rag-tool routes through a server") {
  TempDir dir;
  auto upstreams = std::make_shared<Upstreams>();
  server::StackServerOptions options;
  options.client = options_with(upstreams);
  options.port = 0;
  options.http.address = "127.0.0.1";
  options.http.threads = 2;
  server::StackServer server(write_config(dir), std::move(options));
  ClientOptions remote;
  remote.env = Environment::isolated();
  auto client = LlamaStackClient::from_url("http://127.0.0.1:" + std::to_string(server.port()), remote);
  check_routes(client, *upstreams);
}
