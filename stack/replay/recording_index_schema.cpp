// The tables of index.sqlite, and their version.
#include "stack/replay/recording_index.hpp"

#include <string>

namespace llama_stack::replay {

namespace {

// Bumped whenever the tables change: an index of another version is simply
// rebuilt, being derived.
constexpr int kSchemaVersion = 3;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS recordings (
  request_hash  TEXT PRIMARY KEY,
  response_file TEXT NOT NULL,
  endpoint      TEXT NOT NULL,
  model         TEXT NOT NULL,
  test_id       TEXT,
  timestamp     TEXT,
  is_streaming  INTEGER NOT NULL,
  file_size     INTEGER NOT NULL,
  file_mtime_ns INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS recordings_by_endpoint ON recordings(endpoint, test_id);
CREATE TABLE IF NOT EXISTS used (
  recording TEXT NOT NULL,
  run       TEXT NOT NULL,
  PRIMARY KEY (recording, run)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS ran (
  test_id TEXT NOT NULL,
  run     TEXT NOT NULL,
  PRIMARY KEY (test_id, run)
) WITHOUT ROWID;
)sql";

}  // namespace

void RecordingIndex::create_schema() {
  SqliteDatabase::Transaction t(*db_);
  int version = 0;
  {
    SqliteStatement s = db_->prepare("PRAGMA user_version");
    if (s.step()) version = static_cast<int>(s.integer(0));
  }
  if (version != kSchemaVersion)
    db_->execute("DROP TABLE IF EXISTS recordings; DROP TABLE IF EXISTS used; "
                 "DROP TABLE IF EXISTS ran;");
  db_->execute(kSchema);
  db_->execute("PRAGMA user_version=" + std::to_string(kSchemaVersion));
  t.commit();
}

}  // namespace llama_stack::replay
