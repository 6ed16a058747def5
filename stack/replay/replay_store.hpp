#pragma once
// A recordings directory:
//   <dir>/responses/<request hash>.json                       one exchange
//   <dir>/responses/models-<request hash>-<model set>.json    one model list
//   <dir>/index.sqlite                                        derived, git-ignored
// Lookups read the file named by the key, so a hit needs no index and the
// files stay the only truth; the index serves model lists, listings, the
// neighbours of a miss and the used set. Writes go to a temporary file that
// is renamed into place, so readers and concurrent recorders (threads or
// processes) only ever see whole files (file_io.hpp).
//
// Every recording read is checked against its name (the key is recomputed
// from the stored request, and for a model list the set digest from its
// body): an edited or swapped file fails, it is never served.
//
// Replay needs only to read. Where the index cannot be opened or written
// (a read-only directory or index, a full disk, a damaged file) the store
// keeps a private copy in memory, brought in line with the files, and only
// the writes (recordings, `reindex`, `prune`) fail, with the OS error. The
// store creates no directory except to write a recording.
#include "stack/replay/recording.hpp"
#include "stack/replay/recording_cache.hpp"
#include "stack/replay/recording_index.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::replay {

struct StoredRecording {
  std::string id;
  std::filesystem::path file;
  Recording recording;
};

struct VerifyReport {
  std::size_t checked = 0;
  std::vector<std::string> problems;  // "file: what is wrong"
  // Temporary files of atomic writes (file_io.hpp): those of writers that
  // died mid-write, removed; those of writes in progress, kept.
  std::vector<std::filesystem::path> orphans_removed;
  std::vector<std::filesystem::path> in_flight;
};

struct PruneReport {
  std::size_t total = 0;      // recordings (readable files) before pruning
  std::size_t used = 0;       // recordings the used set names
  std::size_t tests_ran = 0;  // distinct test ids the runs ran
  std::size_t runs = 0;       // runs that contributed to the used set
  std::size_t kept_not_run = 0;  // unused, but of a test no run ran: kept
  std::size_t kept_shared = 0;   // unused, but of no test (model lists): kept
  std::vector<std::filesystem::path> removed;  // or that would be, with dry_run
  bool dry_run = false;
};

class ReplayStore {
 public:
  explicit ReplayStore(std::filesystem::path dir);
  ~ReplayStore();
  ReplayStore(const ReplayStore&) = delete;
  ReplayStore& operator=(const ReplayStore&) = delete;

  const std::filesystem::path& dir() const noexcept { return dir_; }
  std::filesystem::path responses_dir() const { return dir_ / "responses"; }
  std::filesystem::path index_file() const { return dir_ / "index.sqlite"; }
  std::filesystem::path file_of(std::string_view id) const;

  // The id a recording is stored under: its hash, or for a model list
  // "models-<hash>-<model set hash>" so that distinct sets coexist.
  static std::string recording_id(std::string_view hash, const Recording& recording);

  // The recording stored under `hash` (shared with the store's cache); null
  // when there is none. Throws
  // RecordingFileError when the file exists but cannot be used (damaged, or
  // its content belongs under another name): it is reported, never skipped,
  // served or overwritten silently.
  std::shared_ptr<const ReplayableRecording> find(std::string_view hash) const;
  // Every model-list recording of `hash`, in id order; checked like find().
  std::vector<StoredRecording> find_model_lists(std::string_view hash);

  // Stores atomically (temporary file + rename) and indexes; returns the id.
  // The first write of a store removes the temporary files that writers
  // killed mid-write left behind.
  std::string write(std::string_view hash, const Recording& recording);

  std::vector<IndexRow> list(const IndexQuery& query = {});
  std::vector<IndexRow> list_endpoint(std::string_view endpoint);
  // Forgets the index and rebuilds it from every file, on disk (a damaged
  // one is recreated); throws when it cannot be written.
  RefreshReport reindex();
  // Every file parses as a recording and its name matches its request's key;
  // orphan temporary files are removed, those of live writers reported.
  VerifyReport verify() const;
  // Why the index on disk is not used (the store reads a copy in memory).
  std::optional<std::string> index_fallback_reason() const;
  // Removes the recordings of tests that ran which no run used, then clears
  // the used set; with dry_run only reports. Recordings of tests that did
  // not run (other setups, suites, filters) and recordings without a test id
  // (model lists, shared by every test) are never removed. Throws when no
  // run recorded which tests it ran.
  PruneReport prune(bool dry_run);

  // Adds `id` to the used set of `run`, and `test_id` to the tests it ran.
  // Best effort: the index is never needed to replay, so failing to open it
  // must not fail a test.
  void mark_used(std::string_view id, std::string_view run);
  void mark_ran(std::string_view test_id, std::string_view run);

 private:
  // Runs `f` on the index, opened and refreshed on first use; serialised.
  template <class F>
  auto with_index(F&& f);
  // with_index for reads: an index on disk failing them is replaced by the
  // copy in memory, and `f` run again.
  template <class F>
  auto read_index(F&& f);
  // Runs `f` on the index on disk, opening it if the store uses a copy in
  // memory; throws when it cannot be opened.
  template <class F>
  auto with_disk_index(F&& f);
  RecordingIndex& index_locked();
  std::unique_ptr<RecordingIndex> open_disk_index(bool full_refresh, RefreshReport* report);
  void use_memory_index_locked(const std::string& reason);
  RecordingIndex::RowLoader row_loader() const;
  // Runs `f` on the index for the used set, giving up for good on the first
  // failure (see mark_used).
  template <class F>
  void track(F&& f);
  IndexRow row_for(const std::filesystem::path& file) const;

  std::filesystem::path dir_;
  mutable std::mutex index_mutex_;
  mutable RecordingCache cache_;
  std::unique_ptr<RecordingIndex> index_;
  std::optional<std::string> fallback_reason_;
  bool awaiting_dir_ = false;  // in memory only because the directory did not exist
  bool used_tracking_failed_ = false;
  std::once_flag swept_;
};

}  // namespace llama_stack::replay
