#include "stack/config/yaml_json.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <sstream>

#include "stack/config/env_substitution.hpp"

#include <llama_stack/errors.hpp>

#include <yaml-cpp/depthguard.h>

#include <boost/json/array.hpp>
#include <boost/json/string.hpp>

#include <charconv>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <vector>

namespace llama_stack::config_detail {
namespace {

constexpr std::string_view kCoreTagPrefix = "tag:yaml.org,2002:";

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_octal(char c) { return c >= '0' && c <= '7'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

template <typename Pred>
bool all_of(std::string_view s, Pred pred) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

std::string_view strip_plus(std::string_view s) {
  return (!s.empty() && s.front() == '+') ? s.substr(1) : s;
}

// Core-schema integers: [-+]?[0-9]+, 0o[0-7]+, 0x[0-9a-fA-F]+. An integer too
// large for 64 bits stays a string so that no digit is lost.
std::optional<boost::json::value> parse_int(std::string_view s) {
  int base = 10;
  std::string_view digits = strip_plus(s);
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'o' || s[1] == 'x')) {
    base = s[1] == 'o' ? 8 : 16;
    digits = s.substr(2);
    if (!all_of(digits, base == 8 ? is_octal : is_hex)) return std::nullopt;
  } else {
    std::string_view unsigned_part =
        (!digits.empty() && digits.front() == '-') ? digits.substr(1) : digits;
    if (digits.size() != s.size() && unsigned_part.size() != digits.size()) {
      return std::nullopt;  // "+-5"
    }
    if (!all_of(unsigned_part, is_digit)) return std::nullopt;
  }
  const char* first = digits.data();
  const char* last = digits.data() + digits.size();
  std::int64_t signed_value = 0;
  if (auto [ptr, ec] = std::from_chars(first, last, signed_value, base);
      ec == std::errc() && ptr == last) {
    return boost::json::value(signed_value);
  }
  std::uint64_t unsigned_value = 0;
  if (auto [ptr, ec] = std::from_chars(first, last, unsigned_value, base);
      ec == std::errc() && ptr == last) {
    return boost::json::value(unsigned_value);
  }
  return boost::json::value(boost::json::string(s));
}

// Core-schema floats: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
// plus .inf/.nan spellings.
std::optional<double> parse_float(std::string_view s) {
  std::string_view body = s;
  bool negative = false;
  if (!body.empty() && (body.front() == '+' || body.front() == '-')) {
    negative = body.front() == '-';
    body.remove_prefix(1);
  }
  if (body == ".inf" || body == ".Inf" || body == ".INF") {
    const double inf = std::numeric_limits<double>::infinity();
    return negative ? -inf : inf;
  }
  if (s == ".nan" || s == ".NaN" || s == ".NAN") return std::numeric_limits<double>::quiet_NaN();

  std::size_t i = 0;
  std::size_t int_digits = 0;
  while (i < body.size() && is_digit(body[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  if (i < body.size() && body[i] == '.') {
    ++i;
    while (i < body.size() && is_digit(body[i])) ++i, ++frac_digits;
    if (int_digits == 0 && frac_digits == 0) return std::nullopt;
  } else if (int_digits == 0) {
    return std::nullopt;
  }
  if (i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
    ++i;
    if (i < body.size() && (body[i] == '+' || body[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < body.size() && is_digit(body[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != body.size()) return std::nullopt;

  const std::string_view number = strip_plus(s);
  double value = 0;
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ptr != number.data() + number.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves `value` untouched on overflow; YAML means ±inf or 0.
    return std::nullopt;
  }
  return value;
}

}  // namespace

std::string describe(YAML::NodeType::value type) {
  switch (type) {
    case YAML::NodeType::Map:
      return "a mapping";
    case YAML::NodeType::Sequence:
      return "a sequence";
    case YAML::NodeType::Scalar:
      return "a scalar";
    case YAML::NodeType::Null:
      return "null";
    case YAML::NodeType::Undefined:
      break;
  }
  return "nothing";
}

std::string key_path(const std::string& parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  std::string path = parent;
  path += '.';
  path += key;
  return path;
}

std::string index_path(const std::string& parent, std::size_t index) {
  return parent + "[" + std::to_string(index) + "]";
}

boost::json::value resolve_plain_scalar(std::string_view text) {
  if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL") {
    return nullptr;
  }
  if (text == "true" || text == "True" || text == "TRUE") return true;
  if (text == "false" || text == "False" || text == "FALSE") return false;
  if (auto integer = parse_int(text)) return *integer;
  if (auto real = parse_float(text)) return *real;
  return boost::json::string(text);
}

std::string YamlDocument::where(const YAML::Node& node, const std::string& path) const {
  std::string out = source;
  if (node.IsDefined() && !node.Mark().is_null()) {
    out += ':';
    out += std::to_string(node.Mark().line + 1);
  }
  if (!path.empty()) {
    out += ": ";
    out += path;
  }
  return out;
}

void YamlDocument::fail(const YAML::Node& node, const std::string& path,
                        const std::string& problem) const {
  throw ConfigError(where(node, path) + ": " + problem);
}

std::vector<std::pair<std::string, YAML::Node>> YamlDocument::entries(
    const YAML::Node& map, const std::string& path) const {
  if (!map.IsMap()) fail(map, path, "expected a mapping, found " + describe(map.Type()));
  std::vector<std::pair<std::string, YAML::Node>> out;
  std::set<std::string, std::less<>> seen;
  for (const YAML::detail::iterator_value& pair : map) {
    // Copies: yaml-cpp nodes are handles, and the iterator's pair is a temporary.
    const YAML::Node key = pair.first;
    std::string name;
    if (key.IsScalar()) {
      name = key.Scalar();
    } else if (key.IsNull()) {
      name = "null";  // what `~:` means; JSON keys must be strings
    } else {
      fail(key, path, "mapping keys must be scalars, found " + describe(key.Type()));
    }
    if (!seen.insert(name).second) {
      fail(key, key_path(path, name), "duplicate key");
    }
    out.emplace_back(std::move(name), YAML::Node(pair.second));
  }
  return out;
}

YamlDocument::Scalar YamlDocument::scalar(const YAML::Node& node, const std::string& path,
                                          Substitution mode) const {
  // yaml-cpp tags untagged plain scalars "?" and quoted or block ones "!".
  const std::string_view tag = node.Tag();
  const std::string_view core =
      tag.starts_with(kCoreTagPrefix) ? tag.substr(kCoreTagPrefix.size()) : std::string_view();
  bool plain = false;
  if (tag == "?") {
    plain = true;
  } else if (tag == "!" || core == "str") {
    plain = false;
  } else if (core == "null" || core == "bool" || core == "int" || core == "float") {
    // An explicit core tag asks for the type the plain form would get anyway.
    plain = true;
  } else {
    fail(node, path, "unsupported YAML tag '" + std::string(tag) + "'");
  }

  const std::string& raw = node.Scalar();
  if (raw.find("${") == std::string::npos) return {raw, plain};
  std::vector<UnsetReference> missing;
  if (mode == Substitution::strict) {
    std::string text = substitute_env(raw, env, where(node, path), missing);
    if (missing.empty()) return {std::move(text), plain};
    unset.insert(unset.end(), missing.begin(), missing.end());
    return {raw, false, true};
  }
  try {
    std::string text = substitute_env(raw, env, where(node, path), missing);
    if (missing.empty()) return {std::move(text), plain};
  } catch (const ConfigError&) {
    // malformed: kept verbatim like an unset reference
  }
  return {raw, false};  // verbatim, and not typed: it is not a resolved value
}

namespace {

// One to_json call: the containers being converted (to see an alias cycle)
// on top of the document's running count of values built.
class JsonBuilder {
 public:
  JsonBuilder(const YamlDocument& document, Substitution mode) : doc_(document), mode_(mode) {}

  boost::json::value build(const YAML::Node& node, const std::string& path) {
    if (++doc_.values_built > YamlDocument::kMaxValues) {
      doc_.fail(node, path,
                "the document expands to more than " +
                    std::to_string(YamlDocument::kMaxValues) +
                    " values (aliases repeating large nodes?); not a run config");
    }
    switch (node.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        return nullptr;
      case YAML::NodeType::Scalar: {
        const YamlDocument::Scalar value = doc_.scalar(node, path, mode_);
        if (value.plain) return resolve_plain_scalar(value.text);
        return boost::json::string(value.text);
      }
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map:
        break;
    }
    enter(node, path);
    boost::json::value out;
    if (node.IsSequence()) {
      boost::json::array& array = out.emplace_array();
      array.reserve(node.size());
      std::size_t index = 0;
      for (const auto& item : node) {
        array.push_back(build(item, index_path(path, index)));
        ++index;
      }
    } else {
      boost::json::object& object = out.emplace_object();
      for (auto& [key, value] : doc_.entries(node, path)) {
        object[key] = build(value, key_path(path, key));
      }
    }
    open_.pop_back();
    return out;
  }

 private:
  void enter(const YAML::Node& node, const std::string& path) {
    for (const YAML::Node& container : open_) {
      if (container.is(node)) {
        doc_.fail(node, path,
                  "an alias refers to a node that contains it (a cycle); a config value must be "
                  "finite");
      }
    }
    if (open_.size() >= YamlDocument::kMaxDepth) {
      doc_.fail(node, path,
                "nested more than " + std::to_string(YamlDocument::kMaxDepth) +
                    " levels deep; not a run config");
    }
    open_.push_back(node);
  }

  const YamlDocument& doc_;
  const Substitution mode_;
  std::vector<YAML::Node> open_;
};

}  // namespace

boost::json::value YamlDocument::to_json(const YAML::Node& node, const std::string& path,
                                         Substitution mode) const {
  return JsonBuilder(*this, mode).build(node, path);
}

const YAML::Node* find_entry(const std::vector<std::pair<std::string, YAML::Node>>& entries,
                             std::string_view key) {
  for (const auto& [name, value] : entries) {
    if (name == key) return &value;
  }
  return nullptr;
}

namespace {

// Counts a stream's documents without building them.
class DocumentCounter final : public YAML::EventHandler {
 public:
  void OnDocumentStart(const YAML::Mark& mark) override { last_ = mark; }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { last_ = mark; }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                const std::string&) override {
    last_ = mark;
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    last_ = mark;
  }
  void OnMapEnd() override {}
  const YAML::Mark& last_mark() const noexcept { return last_; }

 private:
  YAML::Mark last_ = YAML::Mark::null_mark();
};

}  // namespace

YAML::Node parse_yaml(std::string_view text, const std::string& source) {
  std::vector<YAML::Node> documents;
  auto located = [&](const YAML::Exception& e) {
    std::string message = source;
    if (!e.mark.is_null()) {
      message += ":" + std::to_string(e.mark.line + 1) + ":" + std::to_string(e.mark.column + 1);
    }
    return message;
  };
  try {
    // yaml-cpp 0.7 never finishes some streams (a leading ','): it yields
    // empty documents without consuming input. Every document consumes at
    // least one character otherwise, so more documents than characters
    // means no progress; counting first keeps that from using memory.
    const std::string owned(text);
    std::istringstream in(owned);
    YAML::Parser parser(in);
    DocumentCounter counter;
    std::size_t count = 0;
    while (parser.HandleNextDocument(counter)) {
      if (++count > owned.size() + 1) {
        const YAML::Mark at = counter.last_mark();
        throw ConfigError(source + (at.is_null() ? "" : ":" + std::to_string(at.line + 1) + ":" +
                                                          std::to_string(at.column + 1)) +
                          ": YAML syntax error: the reader makes no progress here (a stray ',' "
                          "or flow indicator outside a [ ] or { } collection?)");
      }
    }
    documents = YAML::LoadAll(owned);
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp words its depth limit "bad file"; its depth counts more
    // than one step per level, so no number is given.
    throw ConfigError(located(e) + ": YAML nested deeper than the reader allows; not a run config");
  } catch (const YAML::Exception& e) {
    throw ConfigError(located(e) + ": YAML syntax error: " + e.msg);
  }
  if (documents.empty()) return YAML::Node(YAML::NodeType::Null);
  if (documents.size() > 1) {
    const YAML::Mark mark = documents[1].Mark();
    throw ConfigError(source + (mark.is_null() ? "" : ":" + std::to_string(mark.line + 1)) +
                      ": expected one YAML document, found " + std::to_string(documents.size()));
  }
  return documents.front();
}

boost::json::object parse_yaml_object(std::string_view text, const std::string& source,
                                      const Environment& env) {
  const YAML::Node root = parse_yaml(text, source);
  if (root.IsNull()) return {};
  const YamlDocument document{source, env};
  if (!root.IsMap()) document.fail(root, "", "expected a mapping, found " + describe(root.Type()));
  boost::json::object object = document.to_json(root, "").as_object();
  document.throw_if_unset();
  return object;
}

}  // namespace llama_stack::config_detail
