// The builtin::rag tool group (inline::rag-runtime) through the stack. The
// Python suite at 007efa6eb has no test of it outside agents and responses
// (which this project does not run yet), so these are our own: the group
// and its tools as run.yaml and the provider list them, knowledge_search over
// a vector store holding the vector_io suite's sample chunks (the same
// embedding requests as test_insert_chunks, so its recordings were made
// against the capture-backed upstream double), and the errors a caller gets.
#include "testsuite/tool_runtime/tool_runtime_support.hpp"
#include "testsuite/vector_io/vector_io_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

namespace json = boost::json;
using namespace llama_stack::testing;

namespace {

const char* kRagProvider = "inline::rag-runtime";

void require_rag_runtime(TestContext& t) {
  if (running_tool_provider(t, kRagProvider).empty()) t.skip("the stack runs no inline::rag-runtime tool runtime");
  require_vector_io(t);
}

std::string all_text(const llama_stack::ToolInvocation& r) {
  std::string out;
  for (const auto& item : r.content.as_array()) out += item.at("text").as_string();
  return out;
}

// A query of test_insert_chunks and the sample document it finds first.
const std::pair<const char*, const char*> kCases[] = {
    {"What makes Python different from C++ and Java?", "doc1"},
    {"What is the biological inspiration for neural networks?", "doc4"},
};

std::string text_of_sample(const std::string& document_id) {
  for (const auto& c : sample_chunks(false))
    if (c.at("metadata").at("document_id") == json::value(document_id)) return std::string(c.at("content").as_string());
  return {};
}

std::size_t case_index(const std::string& id) { return std::stoul(id.substr(std::string("test_case").size())); }

}  // namespace

LLAMA_STACK_TEST(test_rag_tool_group_lists_knowledge_search) {
  require_rag_runtime(t);
  auto& client = t.client();
  CHECK(client.toolgroups.get("builtin::rag").provider_id == running_tool_provider(t, kRagProvider));
  const auto tools = client.tools.list("builtin::rag");
  REQUIRE(tools.size() == 2);
  CHECK(tools[0].name == "insert_into_memory");
  CHECK(tools[1].name == "knowledge_search");
  CHECK(tools[1].toolgroup_id == "builtin::rag");
  CHECK(tools[1].input_schema.at("required").as_array() == json::array{"query"});
  CHECK(client.tools.get("knowledge_search").description == "Search for information in a database.");
}

LLAMA_STACK_TEST(test_knowledge_search_over_vector_store, "embedding-model", "embedding-dimension",
                 parametrize("test_case", {"test_case0", "test_case1"})) {
  require_rag_runtime(t);
  auto& client = client_with_empty_stores(t);
  const auto id = create_store(client, t, "test_vector_db");
  client.vector_io.insert({{"vector_db_id", id}, {"chunks", sample_chunks(false)}});
  const auto& [query, expected] = kCases[case_index(t.parameter("test_case"))];

  const auto result = client.tool_runtime.invoke_tool(
      "knowledge_search", {{"query", query}, {"vector_db_ids", json::array{json::value(id)}}});
  CHECK(!result.error_message);
  const auto& metadata = result.raw.at("metadata").as_object();
  const auto& document_ids = metadata.at("document_ids").as_array();
  REQUIRE(!document_ids.empty());
  CHECK(document_ids[0] == expected);
  CHECK(document_ids.size() <= 4);
  for (const auto& store : metadata.at("vector_db_ids").as_array()) CHECK(store == json::value(id));
  const auto& scores = metadata.at("scores").as_array();
  for (std::size_t i = 1; i < scores.size(); ++i)
    CHECK(scores[i - 1].to_number<double>() >= scores[i].to_number<double>());

  const std::string text = all_text(result);
  const std::string header = "knowledge_search tool found " + std::to_string(document_ids.size()) +
                             " chunks:\nBEGIN of knowledge_search tool results.\n";
  CHECK(text.rfind(header, 0) == 0);
  const std::string first_content = text_of_sample(expected);
  const std::string first = "Result 1\nContent: " + first_content + "\nMetadata: {'document_id': '" + expected + "'";
  CHECK_MESSAGE(text.find(first) != std::string::npos, text);
  const std::string footer = "END of knowledge_search tool results.\nThe above results were retrieved to help "
                             "answer the user's query: \"" + std::string(query) +
                             "\". Use them as supporting information only in answering this query.\n";
  CHECK(text.size() >= footer.size());
  CHECK(text.substr(text.size() - footer.size()) == footer);
}

LLAMA_STACK_TEST(test_knowledge_search_errors_name_the_store_and_argument) {
  require_rag_runtime(t);
  auto& client = t.client();
  CHECK_THROWS_WITH_AS(
      client.tool_runtime.invoke_tool("knowledge_search", {{"query", "q"}}),
      doctest::Contains("No vector DBs were provided to the knowledge search tool. Please provide at least one "
                        "vector DB ID."),
      llama_stack::InvalidRequestError);
  CHECK_THROWS_WITH_AS(client.tool_runtime.invoke_tool(
                           "knowledge_search", {{"query", "q"}, {"vector_db_ids", json::array{"vs_no_such_store"}}}),
                       doctest::Contains("vs_no_such_store"), llama_stack::NotFoundError);
  CHECK_THROWS_WITH_AS(client.tool_runtime.invoke_tool(
                           "knowledge_search", {{"query", "q"}, {"vector_db_ids", json::array{"vs_x"}},
                                                {"query_config", {{"mode", "fuzzy"}}}}),
                       doctest::Contains("query_config.mode"), llama_stack::InvalidRequestError);
}
