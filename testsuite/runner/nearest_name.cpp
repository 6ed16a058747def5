#include "testsuite/runner/nearest_name.hpp"

#include <algorithm>

namespace llama_stack::testing {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment: Levenshtein plus adjacent transpositions.
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i)
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.size()][b.size()];
}

std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates) {
  const std::size_t start = word.find_first_not_of('-');
  word = start == std::string_view::npos ? std::string_view() : word.substr(start);
  // A third of the word may be wrong: "--text-modle" is a typo of
  // --text-model, "--foo" is not a typo of --env.
  const std::size_t allowed = std::max<std::size_t>(1, word.size() / 3);
  std::optional<std::string> best;
  std::size_t best_distance = allowed + 1;
  for (const auto& candidate : candidates) {
    std::string_view name = candidate;
    name.remove_prefix(std::min(name.find_first_not_of('-'), name.size()));
    const std::size_t distance = edit_distance(word, name);
    if (distance < best_distance && distance < std::max(word.size(), name.size())) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace llama_stack::testing
