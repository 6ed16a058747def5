#include "providers/kits/vector_core/file_text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace llama_stack::vector {

namespace {

std::string lower(std::string_view s) {
  std::string out;
  for (unsigned char c : s) out += static_cast<char>(std::tolower(c));
  return out;
}

bool text_type(std::string content_type) {
  content_type = lower(content_type.substr(0, content_type.find(';')));
  if (content_type.starts_with("text/")) return true;
  constexpr std::array<std::string_view, 6> kText = {"application/json", "application/x-ndjson", "application/jsonl",
                                                     "application/xml", "application/x-yaml", "application/yaml"};
  return std::find(kText.begin(), kText.end(), content_type) != kText.end();
}

bool text_extension(const std::string& filename) {
  const auto dot = filename.rfind('.');
  if (dot == std::string::npos) return false;
  constexpr std::array<std::string_view, 12> kText = {".txt", ".md", ".markdown", ".json", ".jsonl", ".csv",
                                                      ".tsv", ".yaml", ".yml", ".xml", ".html", ".rst"};
  const std::string ext = lower(std::string_view(filename).substr(dot));
  return std::find(kText.begin(), kText.end(), ext) != kText.end();
}

// Well-formed UTF-8 with no NUL: what a text file is, whatever it claims.
bool utf8_text(std::string_view data) {
  for (std::size_t i = 0; i < data.size();) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == 0) return false;
    const std::size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    if (n == 0 || i + n > data.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(data[i + k]) >> 6) != 0x2) return false;
    i += n;
  }
  return true;
}

}  // namespace

FileText file_text(const VectorStoreFileInput& file) {
  const std::string described = "file '" + file.file_id + "' (" + file.filename +
                                (file.content_type.empty() ? "" : ", " + file.content_type) + ")";
  if (std::string_view(file.data).starts_with("%PDF-") || lower(file.content_type) == "application/pdf")
    return {{}, described + " is a PDF; this stack extracts text from text files only"};
  if (!text_type(file.content_type) && !text_extension(file.filename))
    return {{}, described + " is not a text file (plain text, markdown, JSON, CSV, ...); this stack "
                            "extracts text from text files only"};
  if (!utf8_text(file.data)) return {{}, described + " is not UTF-8 text"};
  return {file.data, {}};
}

}  // namespace llama_stack::vector
