#pragma once
// "a, b,,c" → {"a", "b", "c"}: the item lists of paths, APIs and models
// that configs, plugin descriptors and command lines spell as text; and back,
// for the "available: a, b" lists of error messages.
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// Splits at `separator`, trims spaces and tabs, drops empty items.
std::vector<std::string> split_list(std::string_view text, char separator);

// The items of `range` (strings or string views) with `separator` between.
template <typename Range>
std::string join_list(const Range& range, std::string_view separator = ", ") {
  std::string out;
  for (const auto& item : range) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

}  // namespace llama_stack
