#pragma once
// inline::faiss's index: a FAISS IndexIDMap2 over IndexFlatL2 (exact L2),
// serialised with faiss::write_index into the provider's kvstore (a SQLite
// table) after every change and read back on open.
#include "providers/kits/vector_core/vector_index.hpp"

namespace llama_stack::vector {

std::unique_ptr<VectorIndex> open_faiss_index(SqliteDatabase& db, const std::string& store_id,
                                              int dimension);

}  // namespace llama_stack::vector
