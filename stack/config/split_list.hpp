#pragma once
// "a, b,,c" → {"a", "b", "c"}: the item lists of paths, APIs and models
// that configs, plugin descriptors and command lines spell as text.
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// Splits at `separator`, trims spaces and tabs, drops empty items.
std::vector<std::string> split_list(std::string_view text, char separator);

}  // namespace llama_stack
