#pragma once
// What a vector_io provider implements: the nearest-neighbour index of one
// vector store. Everything else (chunks, keyword search, filters, ranking,
// the OpenAI API) is the shared core's (vector_store_core.hpp). Rows are the
// core's chunk row ids; distances are L2, so both providers rank alike.
#include "stack/sqlite/sqlite_database.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llama_stack::vector {

struct IndexHit {
  std::int64_t row;
  double distance;  // L2, >= 0
};

class VectorIndex {
 public:
  virtual ~VectorIndex() = default;
  // `vectors` holds rows.size() vectors of the store's dimension, row-major.
  // Persisted before it returns.
  virtual void add(const std::vector<std::int64_t>& rows, const std::vector<float>& vectors) = 0;
  virtual void remove(const std::vector<std::int64_t>& rows) = 0;
  // The k nearest to `query` (the store's dimension), nearest first.
  virtual std::vector<IndexHit> nearest(const float* query, std::size_t k) = 0;
  // Forgets the index and what it persisted (the store is deleted).
  virtual void drop() = 0;
};

// Opens the index of store `store_id` in `db` (the provider's SQLite store,
// shared with the core), restoring what it persisted there.
using IndexFactory = std::function<std::unique_ptr<VectorIndex>(
    SqliteDatabase& db, const std::string& store_id, int dimension)>;

}  // namespace llama_stack::vector
