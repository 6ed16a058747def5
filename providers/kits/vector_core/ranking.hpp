#pragma once
// Fusing a vector and a keyword ranking into one (hybrid search): reciprocal
// rank fusion (the default, impact_factor 60) or a weighted sum of the two
// min-max normalised scores (alpha for the vector side), as the Python
// stack's rerankers.
#include <cstdint>
#include <vector>

namespace llama_stack::vector {

struct Scored {
  std::int64_t row;
  double score;  // higher is better
};

struct Reranker {
  enum class Kind { rrf, weighted } kind = Kind::rrf;
  double impact_factor = 60.0;
  double alpha = 0.5;
};

// Both inputs best first; the answer best first (ties by row).
std::vector<Scored> fuse(const std::vector<Scored>& vector_hits,
                         const std::vector<Scored>& keyword_hits, const Reranker& reranker);

}  // namespace llama_stack::vector
