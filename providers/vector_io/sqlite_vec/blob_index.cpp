#include "providers/vector_io/sqlite_vec/blob_index.hpp"

#include "providers/kits/vector_core/exact_search.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <cstring>
#include <unordered_map>

namespace llama_stack::vector {

namespace {

class BlobIndex : public VectorIndex {
 public:
  BlobIndex(SqliteDatabase& db, std::string store_id, int dimension)
      : db_(db), store_id_(std::move(store_id)), dimension_(dimension) {
    db_.execute(
        "CREATE TABLE IF NOT EXISTS blob_vectors (row INTEGER PRIMARY KEY,"
        " store_id TEXT NOT NULL, vector BLOB NOT NULL);"
        "CREATE INDEX IF NOT EXISTS blob_vectors_store ON blob_vectors (store_id);");
    auto s = db_.prepare("SELECT row, vector FROM blob_vectors WHERE store_id = ?1 ORDER BY row");
    s.bind(1, store_id_);
    while (s.step()) {
      const std::string blob = s.blob(1);
      if (blob.size() != static_cast<std::size_t>(dimension_) * sizeof(float))
        throw StackError(db_.file().string() + ": vector of row " + std::to_string(s.integer(0)) +
                         " in store '" + store_id_ + "' holds " + std::to_string(blob.size()) +
                         " bytes, expected " + std::to_string(dimension_ * sizeof(float)));
      append(s.integer(0), reinterpret_cast<const float*>(blob.data()));
    }
  }

  void add(const std::vector<std::int64_t>& rows, const std::vector<float>& vectors) override {
    const std::size_t d = static_cast<std::size_t>(dimension_);
    auto s = db_.prepare("INSERT OR REPLACE INTO blob_vectors (row, store_id, vector) VALUES (?1, ?2, ?3)");
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const float* v = vectors.data() + i * d;
      s.reset();
      s.bind(1, rows[i]).bind(2, store_id_).bind_blob(3, std::string_view(reinterpret_cast<const char*>(v), d * sizeof(float)));
      s.run();
      append(rows[i], v);
    }
  }

  void remove(const std::vector<std::int64_t>& rows) override {
    auto s = db_.prepare("DELETE FROM blob_vectors WHERE row = ?1");
    const std::size_t d = static_cast<std::size_t>(dimension_);
    for (auto row : rows) {
      s.reset();
      s.bind(1, row);
      s.run();
      auto it = position_.find(row);
      if (it == position_.end()) continue;
      // Swap-remove keeps the copy dense.
      const std::size_t at = it->second, last = rows_.size() - 1;
      if (at != last) {
        std::copy_n(vectors_.begin() + static_cast<std::ptrdiff_t>(last * d), d,
                    vectors_.begin() + static_cast<std::ptrdiff_t>(at * d));
        rows_[at] = rows_[last];
        position_[rows_[at]] = at;
      }
      rows_.pop_back();
      vectors_.resize(rows_.size() * d);
      position_.erase(row);
    }
  }

  std::vector<IndexHit> nearest(const float* query, std::size_t k) override {
    return exact_nearest(vectors_.data(), rows_.data(), rows_.size(), dimension_, query, k);
  }

  void drop() override {
    db_.prepare("DELETE FROM blob_vectors WHERE store_id = ?1").bind(1, store_id_).run();
    rows_.clear();
    vectors_.clear();
    position_.clear();
  }

 private:
  void append(std::int64_t row, const float* v) {
    position_[row] = rows_.size();
    rows_.push_back(row);
    vectors_.insert(vectors_.end(), v, v + dimension_);
  }

  SqliteDatabase& db_;
  std::string store_id_;
  int dimension_;
  std::vector<std::int64_t> rows_;
  std::vector<float> vectors_;
  std::unordered_map<std::int64_t, std::size_t> position_;
};

}  // namespace

std::unique_ptr<VectorIndex> open_blob_index(SqliteDatabase& db, const std::string& store_id, int dimension) {
  return std::make_unique<BlobIndex>(db, store_id, dimension);
}

}  // namespace llama_stack::vector
