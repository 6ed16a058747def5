// Opening the index: on disk, afresh when damaged, or a private copy in
// memory. The tables are in recording_index_schema.cpp, lookups and inserts
// in recording_index_queries.cpp, the rebuild from the files in
// recording_index_rebuild.cpp.
#include "stack/replay/recording_index.hpp"

#include <chrono>
#include <utility>

namespace llama_stack::replay {

namespace fs = std::filesystem;

namespace {

constexpr SqliteOptions kOnDisk{
    // Long enough for another process to finish rebuilding a large index.
    .busy_timeout = std::chrono::seconds(30),
    // Losing the last rows of a derived index to a power cut costs only a
    // refresh.
    .durable = false,
};

}  // namespace

RecordingIndex::RecordingIndex(fs::path db_file) : file_(std::move(db_file)) {
  try {
    open();
  } catch (const IndexError& e) {
    if (!e.damaged()) throw;
    start_afresh();
  }
}

RecordingIndex::RecordingIndex(InMemory, const fs::path& seed) : file_(seed), in_memory_(true) {
  const std::string name = seed.empty() ? "(index in memory)" : seed.string() + " (copy in memory)";
  db_ = SqliteDatabase::in_memory(name);
  if (!seed.empty()) {
    try {
      db_->load_from(seed);
    } catch (const IndexError&) {
      // Unreadable: the index starts empty, and refresh() fills it from the files.
    }
  }
  try {
    create_schema();
  } catch (const IndexError&) {
    db_ = SqliteDatabase::in_memory(name);  // a damaged copy: start from nothing
    create_schema();
  }
}

std::unique_ptr<RecordingIndex> RecordingIndex::in_memory(const fs::path& seed) {
  return std::unique_ptr<RecordingIndex>(new RecordingIndex(InMemory{}, seed));
}

RecordingIndex::~RecordingIndex() = default;

void RecordingIndex::start_afresh() {
  // Every handle on the file goes before the file does.
  add_used_.reset();
  add_ran_.reset();
  db_.reset();
  SqliteDatabase::remove_files(file_);
  open();
}

void RecordingIndex::open() {
  db_.emplace(file_, kOnDisk);
  create_schema();
}

}  // namespace llama_stack::replay
