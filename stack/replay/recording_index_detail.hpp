#pragma once
// What the parts of RecordingIndex share: the queries write rows for files
// just recorded, the rebuild for files found on disk.
#include "stack/replay/recording_index.hpp"
#include "stack/sqlite/sqlite_database.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>

namespace llama_stack::replay::index_detail {

// Size and modification time: a file whose stamp differs from its row's
// was changed since it was indexed.
struct FileStamp {
  std::int64_t size = 0;
  std::int64_t mtime_ns = 0;
};

// None when the file is gone.
std::optional<FileStamp> stamp_of(const std::filesystem::path& file);

// Inserts or replaces the row of `row.id`, stamped with `stamp`.
void write_row(const SqliteDatabase& db, IndexRow& row, const FileStamp& stamp);

}  // namespace llama_stack::replay::index_detail
