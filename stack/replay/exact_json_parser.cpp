#include "stack/replay/exact_json_parser.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>

#include <algorithm>
#include <charconv>
#include <string>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

// Builds the value like boost::json::parser does, but converts each decimal
// from its text with std::from_chars, which rounds correctly.
struct ExactHandler {
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack stack;
  std::string number;  // a number's text when it arrives in parts

  bool on_document_begin(json::error_code&) { return true; }
  bool on_document_end(json::error_code&) { return true; }
  bool on_object_begin(json::error_code&) { return true; }
  bool on_object_end(std::size_t n, json::error_code&) {
    stack.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code&) { return true; }
  bool on_array_end(std::size_t n, json::error_code&) {
    stack.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t, json::error_code&) {
    stack.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
    stack.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t, json::error_code&) {
    stack.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view s, json::error_code&) {
    number.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
    number.clear();
    stack.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view, json::error_code&) {
    number.clear();
    stack.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view s, json::error_code&) {
    number.append(s.data(), s.size());
    double exact = d;
    const char* first = number.data();
    const char* last = first + number.size();
    // from_chars takes no leading '+', and JSON has none; out-of-range
    // values keep the parser's (infinite or zero) result.
    if (auto [end, ec] = std::from_chars(first, last, exact); ec != std::errc() || end != last)
      exact = d;
    number.clear();
    stack.push_double(exact);
    return true;
  }
  bool on_bool(bool b, json::error_code&) {
    stack.push_bool(b);
    return true;
  }
  bool on_null(json::error_code&) {
    stack.push_null();
    return true;
  }
  bool on_comment_part(json::string_view, json::error_code&) { return true; }
  bool on_comment(json::string_view, json::error_code&) { return true; }
};

}  // namespace

json::value parse_json_exact(std::string_view text, boost::system::error_code& ec,
                             std::size_t* error_offset) {
  json::basic_parser<ExactHandler> parser(json::parse_options{});
  parser.handler().stack.reset();
  // On an error, the parser stops where it found it.
  const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (ec) {
    if (error_offset) *error_offset = used;
    return nullptr;
  }
  for (std::size_t i = used; i < text.size(); ++i) {
    const char c = text[i];
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
      ec = json::error::extra_data;
      if (error_offset) *error_offset = i;
      return nullptr;
    }
  }
  return parser.handler().stack.release();
}

std::string json_error_message(std::string_view text, const boost::system::error_code& ec,
                               std::size_t error_offset) {
  const std::string_view before = text.substr(0, std::min(error_offset, text.size()));
  const auto newlines = std::count(before.begin(), before.end(), '\n');
  const std::size_t line = 1 + static_cast<std::size_t>(newlines);
  const std::size_t line_start = before.rfind('\n');
  const std::size_t column =
      1 + before.size() - (line_start == std::string_view::npos ? 0 : line_start + 1);
  return "not valid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
         ": " + ec.message();
}

}  // namespace llama_stack::replay
