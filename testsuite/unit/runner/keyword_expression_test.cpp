#include "testsuite/runner/keyword_expression.hpp"

#include <doctest/doctest.h>

#include <string>

using namespace llama_stack::testing;

namespace {

const std::string chat_non_streaming =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/llama3.2:3b]";
const std::string chat_streaming =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_streaming[txt=ollama/llama3.2:3b]";
const std::string chat_tools =
    "inference/test_openai_completion.cpp::test_openai_chat_completion_with_tools[txt=ollama/llama3.2:3b]";
const std::string embeddings =
    "inference/test_openai_embeddings.cpp::test_openai_embeddings_single_string[emb=ollama/all-minilm:l6-v2:dim=384]";
const std::string version = "inspect/inspect_test.cpp::test_version";

bool matches(const std::string& expression, const std::string& id) {
  return KeywordExpression::parse(expression).matches(id);
}

std::string error_of(const std::string& expression) {
  try {
    KeywordExpression::parse(expression);
  } catch (const KeywordExpressionError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("-k words are case-insensitive substrings of the test id") {
  CHECK(matches("chat", chat_tools));
  CHECK_FALSE(matches("chat", embeddings));
  CHECK(matches("CHAT", chat_tools));
  CHECK(matches("Test_Version", version));
  CHECK(matches("inspect/", version));
  // An id's parameters are words too, written as they appear.
  CHECK(matches("txt=ollama/llama3.2:3b", chat_tools));
  CHECK(matches("[emb=ollama/all-minilm:l6-v2:dim=384]", embeddings));
  CHECK_FALSE(matches("dim=768", embeddings));
}

TEST_CASE("-k and, or, not and parentheses, with pytest's precedence") {
  CHECK(matches("chat and not streaming", chat_tools));
  CHECK_FALSE(matches("chat and not streaming", chat_streaming));
  // "non_streaming" contains "streaming": a substring match, as in pytest.
  CHECK_FALSE(matches("chat and not streaming", chat_non_streaming));
  CHECK(matches("embeddings or version", embeddings));
  CHECK(matches("embeddings or version", version));
  CHECK_FALSE(matches("embeddings or version", chat_tools));
  // not binds tighter than and, and tighter than or.
  CHECK(KeywordExpression::parse("a or b and not c").describe() == "(or a (and b (not c)))");
  CHECK(KeywordExpression::parse("(a or b) and c").describe() == "(and (or a b) c)");
  CHECK(KeywordExpression::parse("not not a").describe() == "(not (not a))");
  CHECK(matches("(embeddings or tools) and not version", chat_tools));
  CHECK_FALSE(matches("(embeddings or tools) and string", chat_tools));
  CHECK(matches("not (version or embeddings)", chat_streaming));
  CHECK(matches("((chat))", chat_streaming));
}

TEST_CASE("-k operators are lower case; capitalised ones are words") {
  CHECK(KeywordExpression::parse("chat and And").describe() == "(and chat and)");
  CHECK_THROWS_AS(KeywordExpression::parse("chat And tools"), KeywordExpressionError);
  CHECK(KeywordExpression::parse("Not").describe() == "not");
  CHECK_FALSE(matches("Not", chat_tools));
}

TEST_CASE("an empty -k selects every test") {
  CHECK(matches("", version));
  CHECK(matches("   ", chat_tools));
  CHECK(KeywordExpression::parse("  ").text() == "  ");
}

TEST_CASE("a -k that does not parse names the column and what was expected") {
  CHECK(error_of("chat and") == "at column 9: expected not OR left parenthesis OR identifier; got end of input");
  CHECK(error_of("(chat or tools") == "at column 15: expected right parenthesis; got end of input");
  CHECK(error_of("chat tools") == "at column 6: expected and OR or OR end of input; got 'tools'");
  CHECK(error_of("chat)") == "at column 5: expected and OR or OR end of input; got ')'");
  CHECK(error_of("or chat") == "at column 1: expected not OR left parenthesis OR identifier; got 'or'");
  CHECK(error_of("not") == "at column 4: expected not OR left parenthesis OR identifier; got end of input");
  CHECK(error_of("()") == "at column 2: expected not OR left parenthesis OR identifier; got ')'");
}

TEST_CASE("a -k nested deeper than the limit is an error naming the column, not a stack overflow") {
  // As deep as the limit parses and evaluates.
  CHECK(matches(std::string(100, '(') + "chat" + std::string(100, ')'), chat_tools));
  std::string nots;
  for (int i = 0; i < 100; ++i) nots += "not ";
  CHECK(matches(nots + "chat", chat_tools));
  // One more is refused where it opens; the whole argument (128 KiB at
  // most) would have overflowed the stack.
  CHECK(error_of(std::string(101, '(') + "chat" + std::string(101, ')')) ==
        "at column 101: expected at most 100 nested 'not's and parentheses; got '('");
  CHECK(error_of(nots + "not chat") ==
        "at column 401: expected at most 100 nested 'not's and parentheses; got 'not'");
  CHECK(error_of(std::string(100000, '(')).find("at most 100 nested") != std::string::npos);
}
