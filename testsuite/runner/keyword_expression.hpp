#pragma once
// pytest's -k: a boolean expression of words (and, or, not, parentheses), each
// word true for a test whose id contains it, ignoring case:
//   -k "chat and not streaming"   -k "(embeddings or vision) and base64"
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

// A -k expression that does not parse; what() names the column and what was
// expected there, as pytest's message does.
class KeywordExpressionError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class KeywordExpression {
 public:
  // Throws KeywordExpressionError. An empty (or blank) expression matches
  // every test, as `pytest -k ""` does.
  static KeywordExpression parse(std::string_view text);

  bool matches(std::string_view test_id) const;
  const std::string& text() const noexcept { return text_; }

  // The parsed form as nested operators, for tests: "(and chat (not streaming))".
  std::string describe() const;

  struct Node;

 private:
  std::string text_;
  std::shared_ptr<const Node> root_;  // null: matches everything
};

}  // namespace llama_stack::testing
