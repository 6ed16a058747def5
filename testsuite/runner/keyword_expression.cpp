#include "testsuite/runner/keyword_expression.hpp"

#include <algorithm>
#include <cctype>

namespace llama_stack::testing {

struct KeywordExpression::Node {
  enum class Kind { word, not_, and_, or_ };
  Kind kind;
  std::string word;  // lower case, for Kind::word
  std::shared_ptr<const Node> left, right;
};

namespace {

using Node = KeywordExpression::Node;
using NodePtr = std::shared_ptr<const Node>;

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

struct Token {
  enum class Kind { word, and_, or_, not_, open, close, end };
  Kind kind;
  std::string text;
  std::size_t column;  // 1-based, as pytest reports it
};

// Words are anything but blanks and parentheses, so test ids
// ("test_x[txt=ollama/llama3.2:3b]") can be written as they are; pytest's
// own identifier characters are a subset.
std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Token::Kind::open : Token::Kind::close, std::string(1, c), i + 1});
      ++i;
    } else {
      const std::size_t start = i;
      while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])) && text[i] != '(' &&
             text[i] != ')')
        ++i;
      std::string word(text.substr(start, i - start));
      // Operators are lower case only, as in pytest: "And" is a word.
      Token::Kind kind = word == "and"   ? Token::Kind::and_
                         : word == "or"  ? Token::Kind::or_
                         : word == "not" ? Token::Kind::not_
                                         : Token::Kind::word;
      tokens.push_back({kind, std::move(word), start + 1});
    }
  }
  tokens.push_back({Token::Kind::end, "end of input", text.size() + 1});
  return tokens;
}

class Parser {
 public:
  explicit Parser(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  NodePtr parse() {
    NodePtr root = expression();
    if (peek().kind != Token::Kind::end) fail("and OR or OR end of input");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[at_]; }
  bool accept(Token::Kind kind) {
    if (peek().kind != kind) return false;
    ++at_;
    return true;
  }
  [[noreturn]] void fail(const std::string& expected) const {
    const Token& got = peek();
    throw KeywordExpressionError("at column " + std::to_string(got.column) + ": expected " + expected +
                                 "; got " +
                                 (got.kind == Token::Kind::end ? got.text : "'" + got.text + "'"));
  }
  static NodePtr binary(Node::Kind kind, NodePtr left, NodePtr right) {
    return std::make_shared<const Node>(Node{kind, {}, std::move(left), std::move(right)});
  }

  NodePtr expression() {
    NodePtr node = conjunction();
    while (accept(Token::Kind::or_)) node = binary(Node::Kind::or_, node, conjunction());
    return node;
  }
  NodePtr conjunction() {
    NodePtr node = negation();
    while (accept(Token::Kind::and_)) node = binary(Node::Kind::and_, node, negation());
    return node;
  }
  NodePtr negation() {
    if (peek().kind == Token::Kind::not_ || peek().kind == Token::Kind::open) {
      // Each level is a recursion here, in evaluate() and in the nodes'
      // destructors: an expression of 100000 '(' must be an error, not a
      // stack overflow.
      if (depth_ == kMaxDepth)
        fail("at most " + std::to_string(kMaxDepth) + " nested 'not's and parentheses");
      ++depth_;
      NodePtr node;
      if (accept(Token::Kind::not_)) {
        node = binary(Node::Kind::not_, negation(), nullptr);
      } else {
        accept(Token::Kind::open);
        node = expression();
        if (!accept(Token::Kind::close)) fail("right parenthesis");
      }
      --depth_;
      return node;
    }
    if (peek().kind == Token::Kind::word) {
      auto word = std::make_shared<const Node>(Node{Node::Kind::word, lower(peek().text), {}, {}});
      ++at_;
      return word;
    }
    fail("not OR left parenthesis OR identifier");
  }

  static constexpr std::size_t kMaxDepth = 100;

  std::vector<Token> tokens_;
  std::size_t at_ = 0;
  std::size_t depth_ = 0;  // 'not's and parentheses open around the current token
};

bool evaluate(const Node& node, const std::string& id) {
  switch (node.kind) {
    case Node::Kind::word: return id.find(node.word) != std::string::npos;
    case Node::Kind::not_: return !evaluate(*node.left, id);
    case Node::Kind::and_: return evaluate(*node.left, id) && evaluate(*node.right, id);
    case Node::Kind::or_: return evaluate(*node.left, id) || evaluate(*node.right, id);
  }
  return false;
}

std::string describe(const Node& node) {
  switch (node.kind) {
    case Node::Kind::word: return node.word;
    case Node::Kind::not_: return "(not " + describe(*node.left) + ")";
    case Node::Kind::and_: return "(and " + describe(*node.left) + " " + describe(*node.right) + ")";
    case Node::Kind::or_: return "(or " + describe(*node.left) + " " + describe(*node.right) + ")";
  }
  return {};
}

}  // namespace

KeywordExpression KeywordExpression::parse(std::string_view text) {
  KeywordExpression out;
  out.text_ = std::string(text);
  auto tokens = tokenize(text);
  if (tokens.size() > 1) out.root_ = Parser(std::move(tokens)).parse();
  return out;
}

bool KeywordExpression::matches(std::string_view test_id) const {
  return root_ == nullptr || evaluate(*root_, lower(test_id));
}

std::string KeywordExpression::describe() const {
  return root_ == nullptr ? std::string() : testing::describe(*root_);
}

}  // namespace llama_stack::testing
