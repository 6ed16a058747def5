// The RAG tool's insert without a stack: the body's parameters, each kind
// of document content (text, content items, data: URLs, a URL fetched
// through the HttpClient it is given), the chunks it makes (vector_core's
// windows, the Python chunk's metadata), and the errors naming the field.
#include "providers/tool_runtime/rag_runtime/data_url.hpp"
#include "providers/tool_runtime/rag_runtime/rag_documents.hpp"
#include "providers/tool_runtime/rag_runtime/rag_runtime.hpp"
#include "testsuite/tool_runtime/unit/fake_vector_io.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

#include <stdexcept>

namespace json = boost::json;
using namespace llama_stack;
using namespace llama_stack::rag;

namespace {

// TEST DOUBLE of a web server: answers every GET with the scripted status,
// content type and body, and keeps the requests.
struct ScriptedWeb final : HttpClient {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body = "fetched words";
  std::vector<HttpRequest> requests;
  HttpResponse send(const HttpRequest& r) override {
    requests.push_back(r);
    return {status, {{"Content-Type", content_type}}, body};
  }
  StreamResponse open_stream(const HttpRequest&, StreamFormat) override { throw std::logic_error("no streams"); }
};

struct NumberedIds final : IdMinter {
  int n = 0;
  std::string mint(std::string_view prefix) override { return std::string(prefix) + std::to_string(++n); }
};

json::object doc(json::value content, json::object metadata = {}) {
  json::object d{{"document_id", "doc-1"}, {"content", std::move(content)}};
  if (!metadata.empty()) d["metadata"] = std::move(metadata);
  return d;
}

std::string text_of(json::object document, HttpClient& http) { return document_text(document, 0, http); }

const ToolGroupSpec kGroup{"builtin::rag", "builtin::rag", std::nullopt, {}};

}  // namespace

TEST_CASE("rag insert: the body's parameters, the older store key, and errors naming them") {
  const auto r = insert_request(json::parse(R"({"documents": [], "vector_db_id": "vs_1"})").as_object());
  CHECK(r.vector_store_id == "vs_1");
  CHECK(r.chunk_size_in_tokens == 512);
  CHECK(insert_request(json::parse(R"({"documents": [], "vector_store_id": "vs_2", "chunk_size_in_tokens": 100})")
                           .as_object())
            .chunk_size_in_tokens == 100);
  auto fails = [](const char* body, const char* message) {
    CHECK_THROWS_WITH_AS(insert_request(json::parse(body).as_object()), doctest::Contains(message),
                         InvalidRequestError);
  };
  fails(R"({"vector_store_id": "vs_1"})", "rag-tool insert: parameter 'documents' is required");
  fails(R"({"documents": {}, "vector_store_id": "vs_1"})", "parameter 'documents' must be a list");
  fails(R"({"documents": []})", "parameter 'vector_store_id' (or 'vector_db_id') is required");
  fails(R"({"documents": [], "vector_store_id": 3})", "parameter 'vector_store_id' must be a vector store id");
  fails(R"({"documents": [], "vector_store_id": "v", "chunk_size_in_tokens": 99})",
        "parameter 'chunk_size_in_tokens' must be in [100, 4096], got 99");
  fails(R"({"documents": [], "vector_store_id": "v", "chunk_size_in_tokens": "512"})",
        "parameter 'chunk_size_in_tokens' must be an integer");
}

TEST_CASE("rag insert: text, content items and data: URLs are read without the network") {
  ScriptedWeb web;
  CHECK(text_of(doc("plain text"), web) == "plain text");
  CHECK(text_of(doc(json::parse(R"([{"type": "text", "text": "one"}, {"type": "text", "text": "two"}])")), web) ==
        "one two");
  CHECK(text_of(doc(json::parse(R"({"type": "text", "text": "item"})")), web) == "item");
  // "hello data" in base64, in a string and as a URL.
  CHECK(text_of(doc("data:text/plain;base64,aGVsbG8gZGF0YQ=="), web) == "hello data");
  CHECK(text_of(doc(json::object{{"uri", "data:text/markdown;charset=utf-8;base64,aGVsbG8gZGF0YQ=="}}), web) ==
        "hello data");
  // Not base64: the data as it is, without percent-decoding, as Python.
  CHECK(text_of(doc("data:text/plain,as%20is"), web) == "as%20is");
  CHECK(web.requests.empty());
}

TEST_CASE("rag insert: a URL is fetched through the HttpClient; its failures name the document") {
  ScriptedWeb web;
  web.body = "the page's words";
  CHECK(text_of(doc(json::object{{"uri", "https://docs.test/guide.txt?v=2"}}), web) == "the page's words");
  REQUIRE(web.requests.size() == 1);
  CHECK(web.requests[0].method == "GET");
  CHECK(web.requests[0].url == "https://docs.test/guide.txt?v=2");
  CHECK(web.requests[0].endpoint == "/guide.txt?v=2");

  web.status = 404;
  CHECK_THROWS_WITH_AS(text_of(doc(json::object{{"uri", "https://docs.test/gone"}}), web),
                       doctest::Contains("parameter 'documents[0].content': GET https://docs.test/gone answered HTTP 404"),
                       InvalidRequestError);
  web.status = 200;
  web.content_type = "application/pdf";
  web.body = "%PDF-1.4 \x01\x02";
  CHECK_THROWS_WITH_AS(text_of(doc(json::object{{"uri", "https://docs.test/paper.pdf"}}), web),
                       doctest::Contains("parameter 'documents[0].content': "), InvalidRequestError);
  CHECK_THROWS_WITH_AS(text_of(doc(json::object{{"uri", "file:///etc/hosts"}}), web),
                       doctest::Contains("is neither http(s) nor a data: URL"), InvalidRequestError);
}

TEST_CASE("rag insert: a document without content, or a bad data: URL, is named") {
  ScriptedWeb web;
  CHECK_THROWS_WITH_AS(document_text(json::object{{"document_id", "d"}}, 2, web),
                       "rag-tool insert: parameter 'documents[2].content' is required", InvalidRequestError);
  CHECK_THROWS_WITH_AS(text_of(doc(42), web), doctest::Contains("'documents[0].content' must be text"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(text_of(doc("data:text/plain;base64,@@@"), web),
                       doctest::Contains("documents[0].content: the data: URL's base64 data is malformed"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(text_of(doc("data:text/plain;base64"), web),
                       doctest::Contains("documents[0].content: not a data: URL of the form"), InvalidRequestError);
  CHECK(!parse_data_url("https://x", "w"));
}

TEST_CASE("rag insert: chunks are vector_core windows with the Python chunk's metadata") {
  ScriptedWeb web;
  NumberedIds ids;
  std::string words;
  for (int i = 0; i < 150; ++i) words += "w" + std::to_string(i) + " ";
  InsertRequest request;
  request.vector_store_id = "vs_known";
  request.chunk_size_in_tokens = 100;  // windows of 100 words, 25 overlapping
  request.documents.push_back(doc(json::value(words), {{"source", "notes"}, {"lang", "en"}}));
  const auto chunks = document_chunks(request, web, ids);
  REQUIRE(chunks.size() == 2);
  const auto& first = chunks[0].as_object();
  CHECK(first.at("content").as_string().starts_with("w0 w1 "));
  CHECK(first.at("content").as_string().ends_with(" w99"));
  CHECK(chunks[1].at("content").as_string().starts_with("w75 "));
  CHECK(chunks[1].at("content").as_string().ends_with(" w149"));
  // str({'source': 'notes', 'lang': 'en'}) has 4 words.
  CHECK(json::value(first) == json::parse(R"({"content": )" + json::serialize(first.at("content")) + R"(,
    "chunk_id": "chunk-1",
    "metadata": {"source": "notes", "lang": "en", "chunk_id": "chunk-1", "document_id": "doc-1",
                 "token_count": 100, "metadata_token_count": 4},
    "chunk_metadata": {"chunk_id": "chunk-1", "document_id": "doc-1", "source": "notes",
                       "content_token_count": 100, "metadata_token_count": 4}})"));
  CHECK(chunks[1].at("metadata").at("token_count") == 75);
}

TEST_CASE("rag insert: insert_into_memory fills the store; an unknown store is a 404 before any fetch") {
  rag_test::FakeVectorIo store;
  store.answers["vs_known"] = {};
  ScriptedWeb web;
  NumberedIds ids;
  RagRuntime rag("rag-runtime", store, web, ids);
  const auto r = rag.invoke_tool(RequestContext{}, kGroup, "insert_into_memory",
                                 json::parse(R"({"vector_store_id": "vs_known", "documents": [
        {"document_id": "a", "content": "alpha text"},
        {"document_id": "b", "content": {"uri": "https://docs.test/b.txt"}},
        {"document_id": "empty", "content": ""}]})")
                                     .as_object());
  CHECK(r.content.is_null());
  REQUIRE(store.inserts.size() == 1);
  CHECK(store.inserts[0].at("vector_db_id") == "vs_known");
  const auto& chunks = store.inserts[0].at("chunks").as_array();
  REQUIRE(chunks.size() == 2);  // the empty document has no chunk
  CHECK(chunks[0].at("content") == "alpha text");
  CHECK(chunks[1].at("content") == "fetched words");
  CHECK(chunks[1].at("metadata").at("document_id") == "b");

  web.requests.clear();
  CHECK_THROWS_WITH_AS(rag.invoke_tool(RequestContext{}, kGroup, "insert_into_memory",
                                       json::parse(R"({"vector_db_id": "vs_nope", "documents": [
                                         {"document_id": "b", "content": {"uri": "https://docs.test/b.txt"}}]})")
                                           .as_object()),
                       doctest::Contains("'vs_nope' not found"), NotFoundError);
  CHECK(web.requests.empty());
  // Nothing to insert: the store is not written.
  rag.invoke_tool(RequestContext{}, kGroup, "insert_into_memory",
                  json::parse(R"({"vector_store_id": "vs_known", "documents": []})").as_object());
  CHECK(store.inserts.size() == 1);
}
