#include "providers/kits/vector_core/ranking.hpp"

#include <algorithm>
#include <map>

namespace llama_stack::vector {

namespace {

std::map<std::int64_t, double> normalised(const std::vector<Scored>& hits) {
  std::map<std::int64_t, double> out;
  if (hits.empty()) return out;
  auto [lo, hi] = std::minmax_element(hits.begin(), hits.end(),
                                      [](const Scored& a, const Scored& b) { return a.score < b.score; });
  const double span = hi->score - lo->score;
  for (const auto& h : hits) out[h.row] = span > 0 ? (h.score - lo->score) / span : 1.0;
  return out;
}

}  // namespace

std::vector<Scored> fuse(const std::vector<Scored>& vector_hits,
                         const std::vector<Scored>& keyword_hits, const Reranker& reranker) {
  std::map<std::int64_t, double> combined;
  if (reranker.kind == Reranker::Kind::rrf) {
    for (std::size_t i = 0; i < vector_hits.size(); ++i)
      combined[vector_hits[i].row] += 1.0 / (reranker.impact_factor + static_cast<double>(i + 1));
    for (std::size_t i = 0; i < keyword_hits.size(); ++i)
      combined[keyword_hits[i].row] += 1.0 / (reranker.impact_factor + static_cast<double>(i + 1));
  } else {
    for (auto [row, s] : normalised(vector_hits)) combined[row] += reranker.alpha * s;
    for (auto [row, s] : normalised(keyword_hits)) combined[row] += (1.0 - reranker.alpha) * s;
  }
  std::vector<Scored> out;
  for (auto [row, s] : combined) out.push_back({row, s});
  std::stable_sort(out.begin(), out.end(), [](const Scored& a, const Scored& b) { return a.score > b.score; });
  return out;
}

}  // namespace llama_stack::vector
