#pragma once
// inline::sqlite-vec's index: each vector a little-endian float32 blob in
// the provider's SQLite store (the sqlite-vec extension is not packaged in
// Debian 12), searched exactly over an in-memory copy read back on open.
#include "providers/kits/vector_core/vector_index.hpp"

namespace llama_stack::vector {

std::unique_ptr<VectorIndex> open_blob_index(SqliteDatabase& db, const std::string& store_id,
                                             int dimension);

}  // namespace llama_stack::vector
