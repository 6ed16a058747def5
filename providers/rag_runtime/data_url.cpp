#include "providers/rag_runtime/data_url.hpp"

#include <llama_stack/errors.hpp>

#include <array>
#include <cctype>

namespace llama_stack::rag {

namespace {

bool mime_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '/' || c == '-' || c == '+' || c == '.';
}

bool word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

std::optional<std::string> base64_decode(std::string_view text) {
  std::array<int, 256> value{};
  value.fill(-1);
  const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = 0; i < alphabet.size(); ++i) value[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
  std::string out;
  unsigned bits = 0;
  int count = 0;
  std::size_t padding = 0;
  std::size_t symbols = 0;
  for (char c : text) {
    if (c == '=') {
      ++padding;
      continue;
    }
    const int v = value[static_cast<unsigned char>(c)];
    if (v < 0 || padding > 0) return std::nullopt;  // a stray character, or data after '='
    ++symbols;
    bits = (bits << 6) | static_cast<unsigned>(v);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out += static_cast<char>((bits >> count) & 0xff);
    }
  }
  if ((symbols + padding) % 4 != 0 || padding > 2) return std::nullopt;
  return out;
}

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
  auto decoded = base64_decode(rest);
  if (!decoded)
    throw InvalidRequestError(std::string(where) + ": the data: URL's base64 data is malformed");
  out.data = std::move(*decoded);
  return out;
}

}  // namespace llama_stack::rag
