#include "providers/vector_io/faiss/faiss_index.hpp"

#include <llama_stack/errors.hpp>

#include <faiss/IndexFlat.h>
#include <faiss/IndexIDMap.h>
#include <faiss/impl/IDSelector.h>
#include <faiss/impl/io.h>
#include <faiss/index_io.h>

#include <algorithm>
#include <cmath>

namespace llama_stack::vector {

namespace {

// faiss 1.7 (Debian 12) declares it in Index; later versions at namespace scope.
using FaissId = faiss::Index::idx_t;

class FaissIndex : public VectorIndex {
 public:
  FaissIndex(SqliteDatabase& db, std::string store_id, int dimension)
      : db_(db), store_id_(std::move(store_id)), dimension_(dimension) {
    db_.execute("CREATE TABLE IF NOT EXISTS faiss_indexes (store_id TEXT PRIMARY KEY, data BLOB NOT NULL)");
    auto s = db_.prepare("SELECT data FROM faiss_indexes WHERE store_id = ?1");
    s.bind(1, store_id_);
    if (s.step()) {
      restore(s.blob(0));
    } else {
      auto map = std::make_unique<faiss::IndexIDMap2>(new faiss::IndexFlatL2(dimension_));
      map->own_fields = true;  // the map deletes the flat index it wraps
      index_ = std::move(map);
    }
    if (index_->d != dimension_)
      throw StackError(db_.file().string() + ": faiss index of store '" + store_id_ + "' has dimension " +
                       std::to_string(index_->d) + ", the store " + std::to_string(dimension_));
  }

  void add(const std::vector<std::int64_t>& rows, const std::vector<float>& vectors) override {
    if (rows.empty()) return;
    std::vector<FaissId> ids(rows.begin(), rows.end());
    index_->add_with_ids(static_cast<FaissId>(ids.size()), vectors.data(), ids.data());
    persist();
  }

  void remove(const std::vector<std::int64_t>& rows) override {
    if (rows.empty()) return;
    std::vector<FaissId> ids(rows.begin(), rows.end());
    faiss::IDSelectorArray selector(ids.size(), ids.data());
    index_->remove_ids(selector);
    persist();
  }

  std::vector<IndexHit> nearest(const float* query, std::size_t k) override {
    k = std::min<std::size_t>(k, static_cast<std::size_t>(index_->ntotal));
    std::vector<IndexHit> out;
    if (k == 0) return out;
    std::vector<float> distances(k);
    std::vector<FaissId> labels(k);
    index_->search(1, query, static_cast<FaissId>(k), distances.data(), labels.data());
    for (std::size_t i = 0; i < k; ++i)
      if (labels[i] >= 0)  // squared L2 from IndexFlatL2
        out.push_back({labels[i], std::sqrt(static_cast<double>(std::max(0.0f, distances[i])))});
    return out;
  }

  void drop() override {
    db_.prepare("DELETE FROM faiss_indexes WHERE store_id = ?1").bind(1, store_id_).run();
    index_->reset();
  }

 private:
  void persist() {
    faiss::VectorIOWriter writer;
    faiss::write_index(index_.get(), &writer);
    db_.prepare("INSERT OR REPLACE INTO faiss_indexes (store_id, data) VALUES (?1, ?2)")
        .bind(1, store_id_)
        .bind_blob(2, std::string_view(reinterpret_cast<const char*>(writer.data.data()), writer.data.size()))
        .run();
  }

  void restore(const std::string& blob) {
    faiss::VectorIOReader reader;
    reader.data.assign(blob.begin(), blob.end());
    try {
      index_.reset(faiss::read_index(&reader));
    } catch (const std::exception& e) {
      throw StackError(db_.file().string() + ": cannot read the faiss index of store '" + store_id_ +
                       "': " + e.what());
    }
  }

  SqliteDatabase& db_;
  std::string store_id_;
  int dimension_;
  std::unique_ptr<faiss::Index> index_;
};

}  // namespace

std::unique_ptr<VectorIndex> open_faiss_index(SqliteDatabase& db, const std::string& store_id, int dimension) {
  return std::make_unique<FaissIndex>(db, store_id, dimension);
}

}  // namespace llama_stack::vector
