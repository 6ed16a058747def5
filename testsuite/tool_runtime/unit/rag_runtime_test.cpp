// inline::rag-runtime without a stack: the tools and knowledge_search's
// schema as the Python provider lists them, the answer's text and metadata
// (the Python RAG tool's layout, chunk template, token budget, Python reprs
// of the metadata), where the store ids and query_config come from, what
// each store is asked, and the errors naming what is wrong.
#include "providers/tool_runtime/rag_runtime/knowledge_search.hpp"
#include "providers/tool_runtime/rag_runtime/python_repr.hpp"
#include "providers/tool_runtime/rag_runtime/rag_runtime.hpp"
#include "testsuite/tool_runtime/unit/fake_vector_io.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <map>

namespace json = boost::json;
using namespace llama_stack;
using namespace llama_stack::rag;

namespace {

json::object chunk(const char* content, json::object metadata, json::object chunk_metadata = {}) {
  json::object c{{"content", content}, {"metadata", std::move(metadata)}, {"chunk_id", "c-1"}};
  if (!chunk_metadata.empty()) c["chunk_metadata"] = std::move(chunk_metadata);
  return c;
}

std::string texts(const ToolInvocationResult& r) {
  std::string out;
  for (const auto& item : r.content.as_array()) {
    CHECK(item.at("type") == "text");
    out += item.at("text").as_string();
  }
  return out;
}

const ToolGroupSpec kGroup{"builtin::rag", "builtin::rag", std::nullopt, {}};

struct NumberedIds final : IdMinter {
  int n = 0;
  std::string mint(std::string_view prefix) override { return std::string(prefix) + std::to_string(++n); }
};

// No test here reaches the network: a URL document is rag_insert_test's.
struct NoNetwork final : HttpClient {
  HttpResponse send(const HttpRequest& r) override { throw std::logic_error("unexpected request to " + r.url); }
  StreamResponse open_stream(const HttpRequest& r, StreamFormat) override {
    throw std::logic_error("unexpected stream from " + r.url);
  }
};

// The provider over a fake vector_io router.
struct Rag {
  rag_test::FakeVectorIo vector_io;
  NoNetwork http;
  NumberedIds ids;
  RagRuntime rag{"rag-runtime", vector_io, http, ids};
};

}  // namespace

TEST_CASE("rag: lists insert_into_memory and knowledge_search with the Python provider's schema") {
  const auto tools = rag_tools();
  REQUIRE(tools.size() == 2);
  CHECK(tools[0].name == "insert_into_memory");
  CHECK(tools[0].description == "Insert documents into memory");
  CHECK(tools[1].name == "knowledge_search");
  CHECK(tools[1].description == "Search for information in a database.");
  CHECK(tools[1].input_schema == json::parse(R"({"type": "object",
    "properties": {"query": {"type": "string",
      "description": "The query to search for. Can be a natural language sentence or keywords."}},
    "required": ["query"]})"));
}

TEST_CASE("rag: Python reprs of metadata values") {
  CHECK(python_repr(json::parse(R"({"a": "x", "b": null, "c": true, "d": [1, 2.5], "e": {"f": false}})")) ==
        "{'a': 'x', 'b': None, 'c': True, 'd': [1, 2.5], 'e': {'f': False}}");
  CHECK(python_repr(json::value("it's")) == "\"it's\"");
  CHECK(python_repr(json::value("both ' and \"")) == "'both \\' and \"'");
  CHECK(python_repr(json::value("tab\tnew\nline\\")) == "'tab\\tnew\\nline\\\\'");
  CHECK(python_repr(json::value("caf\xc3\xa9")) == "'caf\xc3\xa9'");
  CHECK(python_float_repr(1.0) == "1.0");
  CHECK(python_float_repr(100.0) == "100.0");
  CHECK(python_float_repr(0.25) == "0.25");
  CHECK(python_float_repr(-0.5) == "-0.5");
  CHECK(python_float_repr(0.1 + 0.2) == "0.30000000000000004");
  CHECK(python_float_repr(1e-05) == "1e-05");
  CHECK(python_float_repr(0.0001) == "0.0001");
  CHECK(python_float_repr(1e16) == "1e+16");
  CHECK(python_float_repr(1234567890123456.0) == "1234567890123456.0");
  CHECK(python_float_repr(1.5e-300) == "1.5e-300");
}

TEST_CASE("rag: the answer is the Python tool's text, best chunks first, with its metadata") {
  std::vector<FoundChunk> found{
      {chunk("low", {{"document_id", "doc-a"}, {"token_count", 3}}), 0.2, "vs_1"},
      {chunk("high", {{"document_id", "doc-b"}, {"author", "Ann"}}), 0.9, "vs_2"},
  };
  const auto r = knowledge_search_result(found, RagQueryConfig{}, json::value("what is it?"));
  CHECK(texts(r) ==
        "knowledge_search tool found 2 chunks:\nBEGIN of knowledge_search tool results.\n"
        "Result 1\nContent: high\nMetadata: {'document_id': 'doc-b', 'author': 'Ann'}\n"
        "Result 2\nContent: low\nMetadata: {'document_id': 'doc-a'}\n"
        "END of knowledge_search tool results.\n"
        "The above results were retrieved to help answer the user's query: \"what is it?\". "
        "Use them as supporting information only in answering this query.\n");
  CHECK(r.content.as_array().size() == 5);
  REQUIRE(r.metadata);
  CHECK(json::value(*r.metadata) == json::parse(R"({"document_ids": ["doc-b", "doc-a"],
    "chunks": ["high", "low"], "scores": [0.9, 0.2], "vector_db_ids": ["vs_2", "vs_1"]})"));
  CHECK(!r.error_message);
}

TEST_CASE("rag: chunk_metadata's ids lead the context metadata; token counts and the store are left out") {
  const auto c = chunk("text", {{"document_id", "doc-m"}, {"token_count", 7}, {"metadata_token_count", 2},
                                {"vector_db_id", "vs_x"}, {"lang", "en"}},
                       {{"chunk_id", "ch-9"}, {"document_id", "doc-cm"}, {"chunk_tokenizer", "x"}});
  CHECK(json::value(metadata_for_context(c)) ==
        json::parse(R"({"chunk_id": "ch-9", "document_id": "doc-m", "source": null, "lang": "en"})"));
  CHECK(format_chunk(kDefaultChunkTemplate, 3, c) ==
        "Result 3\nContent: text\nMetadata: {'chunk_id': 'ch-9', 'document_id': 'doc-m', 'source': None, 'lang': 'en'}\n");
}

TEST_CASE("rag: a custom template, its escapes and an unknown field") {
  const auto c = chunk("body", {{"k", 1}});
  CHECK(format_chunk("[{index}] {chunk.content} {{id={chunk.chunk_id}}} {chunk.metadata}", 1, c) ==
        "[1] body {id=c-1} {'k': 1}");
  CHECK_THROWS_WITH_AS(format_chunk("{index} {chunk.content} {chunk.score}", 1, c),
                       doctest::Contains("'{chunk.score}' is unknown"), InvalidRequestError);
}

TEST_CASE("rag: max_chunks cuts, the token budget stops the text, and nothing found answers []") {
  std::vector<FoundChunk> found;
  for (int i = 0; i < 4; ++i)
    found.push_back({chunk(("c" + std::to_string(i)).c_str(), {{"document_id", i}, {"token_count", 10}}),
                     1.0 - 0.1 * i, "vs_1"});
  RagQueryConfig config;
  config.max_chunks = 3;
  config.max_tokens_in_context = 25;
  const auto r = knowledge_search_result(found, config, json::value("q"));
  const std::string text = texts(r);
  CHECK(text.find("found 3 chunks") != std::string::npos);
  CHECK(text.find("Content: c1\n") != std::string::npos);
  CHECK(text.find("Content: c2") == std::string::npos);  // 30 tokens > 25
  CHECK(r.content.as_array().size() == 5);
  CHECK(r.metadata->at("chunks").as_array().size() == 3);  // Python's len(picked) slice

  const auto none = knowledge_search_result({}, RagQueryConfig{}, json::value("q"));
  CHECK(none.content == json::array{});
  CHECK(!none.metadata);
}

TEST_CASE("rag: query_config parsing, with Python's defaults and errors naming the field") {
  const auto defaults = parse_query_config(nullptr);
  CHECK(defaults.max_chunks == 5);
  CHECK(defaults.max_tokens_in_context == 4096);
  CHECK(defaults.mode == "vector");
  CHECK(defaults.chunk_template == "Result {index}\nContent: {chunk.content}\nMetadata: {metadata}\n");
  const json::object given = json::parse(R"({"max_chunks": 2, "mode": "hybrid",
    "query_generator_config": {"type": "default", "separator": "|"},
    "ranker": {"type": "weighted", "alpha": 0.7}})").as_object();
  const auto parsed = parse_query_config(&given);
  CHECK(parsed.max_chunks == 2);
  CHECK(parsed.mode == "hybrid");
  CHECK(parsed.separator == "|");
  CHECK(parsed.ranker->at("alpha") == 0.7);
  auto fails = [](const char* config, const char* message) {
    const json::object o = json::parse(config).as_object();
    CHECK_THROWS_WITH_AS(parse_query_config(&o), doctest::Contains(message), InvalidRequestError);
  };
  fails(R"({"max_chunks": 0})", "query_config.max_chunks must be at least 1");
  fails(R"({"max_chunks": "3"})", "query_config.max_chunks must be an integer");
  fails(R"({"mode": "fuzzy"})", "query_config.mode must be 'vector', 'keyword' or 'hybrid'");
  fails(R"({"chunk_template": "{index}"})", "must contain {chunk.content}");
  fails(R"({"chunk_template": "{chunk.content}"})", "must contain {index}");
  fails(R"({"query_generator_config": {"type": "llm", "model": "m"}})", "'llm' is not supported");
  fails(R"({"ranker": {"type": "best"}})", "query_config.ranker.type must be 'rrf' or 'weighted'");
  // Python's tagged unions need their "type"; its field limits hold.
  fails(R"({"ranker": {"alpha": 0.5}})", "query_config.ranker.type is required");
  fails(R"({"ranker": {"type": "rrf", "impact_factor": 0}})", "query_config.ranker.impact_factor must be greater than 0");
  fails(R"({"ranker": {"type": "weighted", "alpha": 1.5}})", "query_config.ranker.alpha must be in [0, 1]");
  fails(R"({"query_generator_config": {"separator": "|"}})", "query_config.query_generator_config.type is required");
}

TEST_CASE("rag: a ranker gets Python's defaults; max_tokens_in_context takes any integer") {
  const json::object rrf = json::parse(R"({"ranker": {"type": "rrf"}})").as_object();
  CHECK(json::value(*parse_query_config(&rrf).ranker) == json::parse(R"({"type": "rrf", "impact_factor": 60.0})"));
  const json::object weighted = json::parse(R"({"ranker": {"type": "weighted"}})").as_object();
  CHECK(json::value(*parse_query_config(&weighted).ranker) == json::parse(R"({"type": "weighted", "alpha": 0.5})"));
  const json::object zero = json::parse(R"({"max_tokens_in_context": 0})").as_object();
  CHECK(parse_query_config(&zero).max_tokens_in_context == 0);
}

TEST_CASE("rag: store ids from the kwargs, else the tool group's args; none is Python's error") {
  const json::object group_args{{"vector_db_ids", json::array{"vs_group"}}};
  CHECK(vector_store_ids({{"vector_db_ids", json::array{"vs_a", "vs_b"}}}, group_args) ==
        std::vector<std::string>{"vs_a", "vs_b"});
  CHECK(vector_store_ids({{"vector_store_ids", json::array{"vs_new"}}}, {}) == std::vector<std::string>{"vs_new"});
  CHECK(vector_store_ids({}, group_args) == std::vector<std::string>{"vs_group"});
  CHECK_THROWS_WITH_AS(vector_store_ids({}, {}),
                       "No vector DBs were provided to the knowledge search tool. Please provide at "
                       "least one vector DB ID.",
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(vector_store_ids({{"vector_db_ids", "vs_a"}}, {}),
                       doctest::Contains("'vector_db_ids' must be a list"), InvalidRequestError);
}

TEST_CASE("rag: knowledge_search asks each store through vector_io and merges their chunks") {
  Rag f;
  auto& vector_io = f.vector_io;
  auto& rag = f.rag;
  vector_io.answers["vs_a"] = json::parse(R"({"chunks": [{"content": "from a", "metadata": {"document_id": "a1"},
    "chunk_id": "x"}], "scores": [0.4]})").as_object();
  vector_io.answers["vs_b"] = json::parse(R"({"chunks": [{"content": "from b", "metadata": {"document_id": "b1"},
    "chunk_id": "y"}], "scores": [0.8]})").as_object();
  const auto r =
      rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                      {{"query", "find it"},
                       {"vector_db_ids", json::array{"vs_a", "vs_b"}},
                       {"query_config", {{"max_chunks", 4}, {"ranker", {{"type", "rrf"}, {"impact_factor", 30}}}}}});
  REQUIRE(vector_io.queries.size() == 2);
  CHECK(json::value(vector_io.queries[0]) == json::parse(R"({"vector_db_id": "vs_a", "query": "find it",
    "params": {"mode": "vector", "max_chunks": 4, "score_threshold": 0.0,
               "reranker_type": "rrf", "reranker_params": {"impact_factor": 30.0}}})"));
  CHECK(vector_io.queries[1].at("vector_db_id") == "vs_b");
  CHECK(r.metadata->at("vector_db_ids") == json::array{"vs_b", "vs_a"});
  CHECK(texts(r).find("Result 1\nContent: from b\n") != std::string::npos);
}

TEST_CASE("rag: a content-list query is searched as its text joined by the separator") {
  Rag f;
  auto& vector_io = f.vector_io;
  auto& rag = f.rag;
  vector_io.answers["vs_a"] = json::parse(R"({"chunks": [], "scores": []})").as_object();
  rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                  {{"query", json::parse(R"([{"type": "text", "text": "one"}, {"type": "text", "text": "two"}])")},
                   {"vector_db_ids", json::array{"vs_a"}},
                   {"query_config", {{"query_generator_config", {{"type", "default"}, {"separator", "/"}}}}}});
  REQUIRE(vector_io.queries.size() == 1);
  CHECK(vector_io.queries[0].at("query") == "one/two");
}

TEST_CASE("rag: errors name the tool, the argument or the store") {
  Rag f;
  auto& rag = f.rag;
  CHECK_THROWS_WITH_AS(rag.invoke_tool(RequestContext{}, kGroup, "web_search", {}),
                       doctest::Contains("has no tool 'web_search'; it serves knowledge_search and insert_into_memory"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(
      rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search", {{"vector_db_ids", json::array{"vs_a"}}}),
      doctest::Contains("kwargs 'query' is required"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                                       {{"query", "q"}, {"vector_db_ids", json::array{"vs_missing"}}}),
                       doctest::Contains("'vs_missing' not found"), NotFoundError);
  CHECK_THROWS_WITH_AS(rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                                       {{"query", "q"}, {"vector_db_ids", json::array{"vs_a"}}, {"query_config", 3}}),
                       doctest::Contains("'query_config' must be an object"), InvalidRequestError);
}

// The whole answer of one invoke, pinned: two stores merged by score (ties
// keep store order), Python's text, the store tagged into each chunk's
// metadata (shown by {chunk.metadata}, left out of {metadata}), and the
// metadata Python's invoke_tool answers, citation_files included.
TEST_CASE("rag: one knowledge_search answer, exactly as the Python tool lays it out") {
  Rag f;
  f.vector_io.answers["vs_a"] = json::parse(R"({"chunks": [
      {"content": "Paris is the capital of France.", "chunk_id": "c1",
       "metadata": {"document_id": "doc-1", "token_count": 6},
       "chunk_metadata": {"chunk_id": "c1", "document_id": "doc-1", "source": "atlas"}},
      {"content": "Tie in a.", "chunk_id": "c2", "metadata": {"document_id": "doc-2"}}],
    "scores": [0.75, 0.5]})").as_object();
  f.vector_io.answers["vs_b"] = json::parse(R"({"chunks": [
      {"content": "Tie in b.", "chunk_id": "c3", "metadata": {"document_id": "doc-3"}}],
    "scores": [0.5]})").as_object();
  const auto r = f.rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                                   {{"query", "capital of France"}, {"vector_db_ids", json::array{"vs_a", "vs_b"}}});
  CHECK(json::value(r.content) == json::parse(R"([
    {"type": "text", "text": "knowledge_search tool found 3 chunks:\nBEGIN of knowledge_search tool results.\n"},
    {"type": "text", "text": "Result 1\nContent: Paris is the capital of France.\nMetadata: {'chunk_id': 'c1', 'document_id': 'doc-1', 'source': 'atlas'}\n"},
    {"type": "text", "text": "Result 2\nContent: Tie in a.\nMetadata: {'document_id': 'doc-2'}\n"},
    {"type": "text", "text": "Result 3\nContent: Tie in b.\nMetadata: {'document_id': 'doc-3'}\n"},
    {"type": "text", "text": "END of knowledge_search tool results.\n"},
    {"type": "text", "text": "The above results were retrieved to help answer the user's query: \"capital of France\". Use them as supporting information only in answering this query.\n"}
  ])"));
  REQUIRE(r.metadata);
  CHECK(json::value(*r.metadata) == json::parse(R"({
    "document_ids": ["doc-1", "doc-2", "doc-3"],
    "chunks": ["Paris is the capital of France.", "Tie in a.", "Tie in b."],
    "scores": [0.75, 0.5, 0.5],
    "vector_db_ids": ["vs_a", "vs_a", "vs_b"],
    "citation_files": null})"));

  const auto shown =
      f.rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                        {{"query", "x"},
                         {"vector_db_ids", json::array{"vs_b"}},
                         {"query_config", {{"chunk_template", "{index}: {chunk.content} {chunk.metadata}\n"}}}});
  CHECK(shown.content.as_array()[1].at("text") == "1: Tie in b. {'document_id': 'doc-3', 'vector_db_id': 'vs_b'}\n");
}

TEST_CASE("rag: nothing found answers [] and only citation_files, as Python's invoke_tool") {
  Rag f;
  f.vector_io.answers["vs_a"] = json::parse(R"({"chunks": [], "scores": []})").as_object();
  const auto r = f.rag.invoke_tool(RequestContext{}, kGroup, "knowledge_search",
                                   {{"query", ""}, {"vector_db_ids", json::array{"vs_a"}}});
  CHECK(r.content == json::array{});
  CHECK(json::value(*r.metadata) == json::parse(R"({"citation_files": null})"));
  CHECK(f.vector_io.queries.at(0).at("query") == "");  // an empty query is searched, as Python does
}
