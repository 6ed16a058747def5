#pragma once
// recordings/index.sqlite: a derived, git-ignored index of the recording
// files, so that people can query them with sqlite3 and the store can find
// model lists, neighbours of a miss and the used set quickly. The JSON files
// are the only truth: the index is rebuilt from them when missing, when its
// schema is old or its file is not a database, and refreshed when files were
// added, removed or changed (size or modification time) since it was built.
// WAL and a busy timeout let several recording processes share it.
#include "stack/sqlite/sqlite_database.hpp"

#include <llama_stack/errors.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::replay {

struct IndexRow {
  // The recording's id, which is its file name without ".json": the request
  // hash, or "models-<request hash>-<model set>" for a model list.
  std::string id;
  std::string response_file;  // relative to the recordings directory
  std::string endpoint;
  std::string model;
  std::optional<std::string> test_id;
  // When the exchange was recorded (the file's "recorded_at"); none for files
  // without one (older files, imported Python recordings): unknown, since a
  // file's modification time is only when it was last checked out.
  std::optional<std::string> timestamp;
  bool is_streaming = false;
  std::int64_t file_size = 0;
  std::int64_t file_mtime_ns = 0;
};

// Filters of `llama-stack recordings list`; each matches when it is empty or
// contained in the field.
struct IndexQuery {
  std::string test;
  std::string model;
  std::string endpoint;
};

struct RefreshReport {
  std::size_t files = 0;      // recording files seen
  std::size_t reindexed = 0;  // files (re)read because the index did not know them as they are
  std::size_t removed = 0;    // rows whose file is gone
  std::vector<std::string> problems;  // "file: why", for files that could not be read
};

// An error of the index database, naming its file; damaged() when it is not
// a database or a corrupt one, which being derived can be rebuilt.
using IndexError = SqliteError;

class RecordingIndex {
 public:
  // Reads one recording file into a row (id, response_file, endpoint, model,
  // test_id, is_streaming); throws when the file is unusable.
  using RowLoader = std::function<IndexRow(const std::filesystem::path& file)>;

  // Opens or creates the database; throws StackError naming the file (and
  // the OS error) when it cannot be opened even after being recreated.
  explicit RecordingIndex(std::filesystem::path db_file);
  // A private index in memory, for a recordings directory whose index cannot
  // be written (read-only, full disk, damaged): a copy of `seed` when that is
  // a readable index, else empty; refresh() brings it in line with the files.
  static std::unique_ptr<RecordingIndex> in_memory(const std::filesystem::path& seed);
  ~RecordingIndex();
  RecordingIndex(const RecordingIndex&) = delete;
  RecordingIndex& operator=(const RecordingIndex&) = delete;

  const std::filesystem::path& file() const noexcept { return file_; }
  bool is_in_memory() const noexcept { return in_memory_; }
  // Removes a damaged database and creates it anew (it is derived).
  void start_afresh();

  // Brings the index in line with the files of `responses_dir`, reading only
  // files it does not know as they are; `full` forgets everything first.
  RefreshReport refresh(const std::filesystem::path& responses_dir, const RowLoader& load,
                        bool full);

  // Records (or replaces) the row of a file just written; size and time are
  // read from `file`, the recording's path.
  void upsert(IndexRow row, const std::filesystem::path& file);
  void remove(std::string_view id);

  std::vector<IndexRow> rows(const IndexQuery& query = {});
  std::vector<IndexRow> rows_with_endpoint(std::string_view endpoint);
  std::vector<std::string> ids_with_prefix(std::string_view prefix);

  // The used set: which recordings runs answered from (or wrote), and which
  // tests they ran, per run, since the last prune.
  void add_used(std::string_view id, std::string_view run);
  void add_ran(std::string_view test_id, std::string_view run);
  std::set<std::string> used_ids();
  std::set<std::string> ran_test_ids();
  std::size_t used_runs();  // runs that used a recording or ran a test
  void clear_used();

 private:
  struct InMemory {};
  RecordingIndex(InMemory, const std::filesystem::path& seed);
  void open();
  // Creates the tables, dropping those of another schema version.
  void create_schema();
  // Inserts (a, b) with a statement prepared on first use.
  void insert_pair(std::optional<SqliteStatement>& statement, std::string_view sql,
                   std::string_view a, std::string_view b);

  std::filesystem::path file_;
  bool in_memory_ = false;
  std::optional<SqliteDatabase> db_;
  // Prepared once: add_used runs on the first hit of every recording,
  // add_ran once per test.
  std::optional<SqliteStatement> add_used_;
  std::optional<SqliteStatement> add_ran_;
};

}  // namespace llama_stack::replay
