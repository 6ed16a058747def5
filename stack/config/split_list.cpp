#include "stack/config/split_list.hpp"

#include <algorithm>

namespace llama_stack {

std::vector<std::string> split_list(std::string_view text, char separator) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = std::min(text.find(separator, start), text.size());
    std::string_view item = text.substr(start, end - start);
    const std::size_t b = item.find_first_not_of(" \t");
    if (b != std::string_view::npos) {
      const std::size_t e = item.find_last_not_of(" \t");
      out.emplace_back(item.substr(b, e - b + 1));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace llama_stack
