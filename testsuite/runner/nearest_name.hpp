#pragma once
// "did you mean --text-model?" for a mistyped option.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

// Edits turning `a` into `b`: insertions, deletions, substitutions, and
// swaps of two neighbours (the commonest typo, "modle") count one each.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word`, compared without leading dashes (so
// "-text-model" finds "--text-model"), when it is close enough to be a typo
// of it; ties go to the earlier candidate.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace llama_stack::testing
