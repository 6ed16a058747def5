#include "providers/kits/vector_core/exact_search.hpp"

#include <algorithm>
#include <cmath>

namespace llama_stack::vector {

std::vector<IndexHit> exact_nearest(const float* vectors, const std::int64_t* rows, std::size_t n,
                                    int dimension, const float* query, std::size_t k) {
  std::vector<IndexHit> hits;
  hits.reserve(n);
  const auto d = static_cast<std::size_t>(dimension);
  for (std::size_t i = 0; i < n; ++i) {
    const float* v = vectors + i * d;
    float sum = 0.0f;
    for (std::size_t j = 0; j < d; ++j) {
      const float diff = v[j] - query[j];
      sum += diff * diff;
    }
    hits.push_back({rows[i], static_cast<double>(sum)});
  }
  k = std::min(k, hits.size());
  auto closer = [](const IndexHit& a, const IndexHit& b) {
    return a.distance < b.distance || (a.distance == b.distance && a.row < b.row);
  };
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(k), hits.end(), closer);
  hits.resize(k);
  for (auto& h : hits) h.distance = std::sqrt(h.distance);
  return hits;
}

}  // namespace llama_stack::vector
