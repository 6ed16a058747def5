#include "providers/tool_runtime/rag_runtime/data_url.hpp"

#include <llama_stack/base64.hpp>

#include <llama_stack/errors.hpp>

#include <array>
#include <cctype>

namespace llama_stack::rag {

namespace {

bool mime_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '-' || c == '+' || c == '.';
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

}  // namespace

std::optional<DataUrl> parse_data_url(std::string_view url, std::string_view where) {
  if (!url.starts_with("data:")) return std::nullopt;
  const auto malformed = [&] {
    return InvalidRequestError(std::string(where) +
                               ": not a data: URL of the form data:[<mimetype>][;charset=<encoding>][;base64],<data>");
  };
  std::string_view rest = url.substr(5);
  DataUrl out;
  std::size_t i = 0;
  while (i < rest.size() && mime_char(rest[i])) ++i;
  out.mime_type = std::string(rest.substr(0, i));
  rest.remove_prefix(i);
  if (rest.starts_with(";charset=")) {
    std::size_t j = 9;
    while (j < rest.size() && word_char(rest[j])) ++j;
    if (j == 9) throw malformed();
    rest.remove_prefix(j);
  }
  const bool is_base64 = rest.starts_with(";base64");
  if (is_base64) rest.remove_prefix(7);
  if (!rest.starts_with(',')) throw malformed();
  rest.remove_prefix(1);
  if (!is_base64) {
    out.data = std::string(rest);
    return out;
  }
  auto decoded = base64::decode(rest);
  if (!decoded)
    throw InvalidRequestError(std::string(where) + ": the data: URL's base64 data is malformed");
  out.data = std::move(*decoded);
  return out;
}

}  // namespace llama_stack::rag
