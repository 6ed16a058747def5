#pragma once
// The k nearest of n vectors by L2 distance, exactly (one pass): the
// sqlite-vec provider's search and the benchmark's baseline.
#include "providers/kits/vector_core/vector_index.hpp"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace llama_stack::vector {

std::vector<IndexHit> exact_nearest(const float* vectors, const std::int64_t* rows, std::size_t n,
                                    int dimension, const float* query, std::size_t k);

}  // namespace llama_stack::vector
