#include "stack/replay/replay_store.hpp"

#include "stack/replay/canonical_json.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/inference_mode.hpp"
#include "stack/replay/model_list.hpp"
#include "stack/replay/request_key.hpp"

#include <llama_stack/errors.hpp>

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace llama_stack::replay {

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

// The recording files of a responses directory (temporaries are dot files).
std::vector<fs::path> recording_files(const fs::path& responses_dir) {
  std::vector<fs::path> files;
  std::error_code ec;
  fs::directory_iterator it(responses_dir, ec);
  if (ec == std::errc::no_such_file_or_directory) return files;
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (!name.empty() && name.front() != '.' && it->path().extension() == ".json")
      files.push_back(it->path());
  }
  if (ec) throw StackError(responses_dir.string() + ": cannot list recordings: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

IndexRow row_of(std::string id, const Recording& r) {
  IndexRow row;
  row.response_file = "responses/" + id + ".json";
  row.id = std::move(id);
  row.endpoint = r.request.endpoint;
  row.model = r.request.model;
  row.test_id = r.test_id;
  row.is_streaming = r.response.is_streaming;
  row.timestamp = r.recorded_at;
  return row;
}

// What to write for a recording: its text, or none when the file already
// holds the same exchange (re-recording an unchanged answer leaves the file
// as it was: bytes, modification time, and when it was recorded).
struct FileUpdate {
  std::optional<std::string> text;
  std::optional<std::string> recorded_at;  // the file's, once updated
};

std::optional<std::string> string_member(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return std::string(v->get_string());
}

FileUpdate update_for(const fs::path& target, const Recording& recording) {
  json::value root = to_json(recording);
  const auto existing = read_file_if_exists(target);
  if (existing) {
    boost::system::error_code ec;
    const json::value old = parse_json_exact(*existing, ec);
    if (!ec && old.is_object()) {
      const auto old_recorded_at = string_member(old.get_object(), "recorded_at");
      json::object& o = root.get_object();
      const auto set_recorded_at = [&o](const std::optional<std::string>& stamp) {
        if (stamp)
          o["recorded_at"] = *stamp;
        else
          o.erase("recorded_at");
      };
      set_recorded_at(old_recorded_at);
      if (pretty_json(root) == *existing) return {std::nullopt, old_recorded_at};
      set_recorded_at(recording.recorded_at);
    }
  }
  return {pretty_json(root), recording.recorded_at};
}

// Why recording `r`, stored under `id`, is not where it belongs; nullopt
// when it is. The key is recomputed from the stored request (and a model
// list's set digest from its body): cheap next to parsing the file.
std::optional<std::string> misnamed(std::string_view id, const Recording& r) {
  const std::string expected = ReplayStore::recording_id(request_hash(r), r);
  if (expected == id) return std::nullopt;
  return "its content has the key '" + expected +
         "', not the one its name says (its request or model list edited by hand, or files "
         "swapped?); run 'llama-stack recordings verify' to check every file, and re-record "
         "it (remove it, then run with " + std::string(kInferenceModeVariable) +
         "=record-if-missing), or rename it to " + expected + ".json if it was only misnamed";
}

// The recording `text` of `file` holds, when it is the one named `id`.
Recording checked_recording(std::string_view text, const fs::path& file, std::string_view id) {
  Recording r = parse_recording(text, file);
  if (auto problem = misnamed(id, r)) throw RecordingFileError(file, *problem);
  return r;
}

}  // namespace

ReplayStore::ReplayStore(fs::path dir) : dir_(std::move(dir)) {}

ReplayStore::~ReplayStore() = default;

fs::path ReplayStore::file_of(std::string_view id) const {
  return responses_dir() / (std::string(id) + ".json");
}

std::string ReplayStore::recording_id(std::string_view hash, const Recording& recording) {
  if (is_model_list_endpoint(recording.request.endpoint))
    return "models-" + std::string(hash) + "-" + model_set_hash(recording.response.body);
  return std::string(hash);
}

std::shared_ptr<const ReplayableRecording> ReplayStore::find(std::string_view hash) const {
  const fs::path file = file_of(hash);
  const auto before = identity_of(file);
  if (before)
    if (auto cached = cache_.get(hash, *before)) return cached;
  auto text = read_file_if_exists(file);
  if (!text) return nullptr;
  auto recording = replayable(checked_recording(*text, file, hash));
  // Only what was read from one unchanged file is kept.
  if (before && settled(*before) && identity_of(file) == before)
    cache_.put(hash, *before, recording);
  return recording;
}

template <class F>
auto ReplayStore::with_index(F&& f) {
  std::lock_guard lock(index_mutex_);
  return f(index_locked());
}

template <class F>
auto ReplayStore::read_index(F&& f) {
  std::lock_guard lock(index_mutex_);
  RecordingIndex& index = index_locked();
  if (!index.is_in_memory()) {
    try {
      return f(index);
    } catch (const IndexError& e) {
      use_memory_index_locked(e.what());  // damaged pages, a disk gone read-only, ...
    }
  }
  return f(*index_);
}

template <class F>
auto ReplayStore::with_disk_index(F&& f) {
  std::lock_guard lock(index_mutex_);
  if (!index_ || index_->is_in_memory()) {
    index_ = open_disk_index(/*full_refresh=*/false, nullptr);
    fallback_reason_.reset();
  }
  return f(*index_);
}

RecordingIndex::RowLoader ReplayStore::row_loader() const {
  return [this](const fs::path& f) { return row_for(f); };
}

std::unique_ptr<RecordingIndex> ReplayStore::open_disk_index(bool full_refresh,
                                                             RefreshReport* report) {
  // SQLite reports a read-only file system as whatever its last probe met
  // (often ENOENT); access() names the cause, even for root.
  for (const fs::path& p : {dir_, index_file()})
    if (::access(p.c_str(), W_OK) != 0 && (errno != ENOENT || p == dir_))
      throw StackError(index_file().string() + ": cannot write the recordings index: " +
                       p.string() + ": " + std::strerror(errno));
  auto index = std::make_unique<RecordingIndex>(index_file());
  // Files added, removed or edited since the index was last in step (by
  // hand, by git, by a crashed writer) are read again.
  RefreshReport done;
  try {
    done = index->refresh(responses_dir(), row_loader(), full_refresh);
  } catch (const IndexError& e) {
    if (!e.damaged()) throw;
    index->start_afresh();
    done = index->refresh(responses_dir(), row_loader(), full_refresh);
  }
  if (report != nullptr) *report = std::move(done);
  return index;
}

void ReplayStore::use_memory_index_locked(const std::string& reason) {
  fallback_reason_ = reason;
  index_.reset();
  try {
    index_ = RecordingIndex::in_memory(index_file());
    index_->refresh(responses_dir(), row_loader(), /*full=*/false);
  } catch (const std::exception&) {
    index_ = RecordingIndex::in_memory({});  // the copy was damaged: from the files alone
    index_->refresh(responses_dir(), row_loader(), /*full=*/false);
  }
}

RecordingIndex& ReplayStore::index_locked() {
  if (!index_) {
    // A directory that does not exist yet has no index to open, and reading
    // must not create it.
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      use_memory_index_locked(dir_.string() + ": no such directory");
      awaiting_dir_ = true;
    } else {
      try {
        index_ = open_disk_index(/*full_refresh=*/false, nullptr);
      } catch (const std::exception& e) {
        use_memory_index_locked(e.what());
      }
    }
  }
  return *index_;
}

std::optional<std::string> ReplayStore::index_fallback_reason() const {
  std::lock_guard lock(index_mutex_);
  return fallback_reason_;
}

IndexRow ReplayStore::row_for(const fs::path& file) const {
  return row_of(file.stem().string(), read_recording(file));
}

std::vector<StoredRecording> ReplayStore::find_model_lists(std::string_view hash) {
  const auto ids = read_index(
      [&](RecordingIndex& index) { return index.ids_with_prefix("models-" + std::string(hash) + "-"); });
  std::vector<StoredRecording> out;
  for (const auto& id : ids) {
    const fs::path file = file_of(id);
    auto text = read_file_if_exists(file);
    if (!text) continue;  // removed since it was indexed
    out.push_back({id, file, checked_recording(*text, file, id)});
  }
  return out;
}

std::string ReplayStore::write(std::string_view hash, const Recording& recording) {
  const std::string id = recording_id(hash, recording);
  const fs::path target = file_of(id);
  std::error_code ec;
  fs::create_directories(responses_dir(), ec);
  if (ec) throw StackError(responses_dir().string() + ": cannot create: " + ec.message());
  {
    // The directory exists now: the index on disk can be had.
    std::lock_guard lock(index_mutex_);
    if (awaiting_dir_) {
      index_.reset();
      fallback_reason_.reset();
      awaiting_dir_ = false;
    }
  }
  // Best effort: an orphan left in place costs nothing but disk space.
  std::call_once(swept_, [this] { remove_orphan_temp_files(responses_dir()); });
  const FileUpdate update = update_for(target, recording);
  if (update.text) write_file_atomically(target, *update.text);
  try {
    IndexRow row = row_of(id, recording);
    row.timestamp = update.recorded_at;
    with_index([&](RecordingIndex& index) { index.upsert(std::move(row), target); });
  } catch (const std::exception&) {
    // The file is written and is the truth; the next refresh indexes it.
  }
  return id;
}

std::vector<IndexRow> ReplayStore::list(const IndexQuery& query) {
  return read_index([&](RecordingIndex& index) { return index.rows(query); });
}

std::vector<IndexRow> ReplayStore::list_endpoint(std::string_view endpoint) {
  return read_index([&](RecordingIndex& index) { return index.rows_with_endpoint(endpoint); });
}

RefreshReport ReplayStore::reindex() {
  std::lock_guard lock(index_mutex_);
  RefreshReport report;
  index_ = open_disk_index(/*full_refresh=*/true, &report);
  fallback_reason_.reset();
  return report;
}

VerifyReport ReplayStore::verify() const {
  VerifyReport report;
  for (const auto& file : recording_files(responses_dir())) {
    ++report.checked;
    try {
      const Recording r = read_recording(file);
      if (auto problem = misnamed(file.stem().string(), r))
        report.problems.push_back(file.string() + ": " + *problem);
    } catch (const std::exception& e) {
      report.problems.push_back(e.what());
    }
  }
  TempFileSweep sweep = remove_orphan_temp_files(responses_dir());
  report.orphans_removed = std::move(sweep.removed);
  report.in_flight = std::move(sweep.in_flight);
  for (auto& p : sweep.problems) report.problems.push_back(std::move(p));
  return report;
}

PruneReport ReplayStore::prune(bool dry_run) {
  PruneReport report;
  report.dry_run = dry_run;
  // The used set lives on disk: a copy in memory knows nothing of the runs.
  with_disk_index([&](RecordingIndex& index) {
    const auto used = index.used_ids();
    const auto ran = index.ran_test_ids();
    report.used = used.size();
    report.tests_ran = ran.size();
    report.runs = index.used_runs();
    if (ran.empty())
      throw StackError(index_file().string() +
                       ": no test run has been recorded since the last prune; run the tests "
                       "(replay mode) first, then prune: only recordings of the tests that ran "
                       "are candidates");
    // The rows of the files as they are now; a file that cannot be read has
    // no row, and stays for verify to report.
    index.refresh(responses_dir(), row_loader(), /*full=*/false);
    for (const auto& row : index.rows()) {
      ++report.total;
      if (used.contains(row.id)) continue;
      if (!row.test_id) {
        ++report.kept_shared;
      } else if (!ran.contains(*row.test_id)) {
        ++report.kept_not_run;
      } else {
        report.removed.push_back(dir_ / row.response_file);
      }
    }
    if (dry_run) return;
    for (const auto& file : report.removed) {
      std::error_code ec;
      fs::remove(file, ec);
      if (ec) throw StackError(file.string() + ": cannot remove: " + ec.message());
      index.remove(file.stem().string());
    }
    // A used set speaks for the recordings as they were; the next prune
    // needs a run over the recordings as they are now.
    index.clear_used();
  });
  return report;
}

template <class F>
void ReplayStore::track(F&& f) {
  std::lock_guard lock(index_mutex_);
  if (used_tracking_failed_) return;
  try {
    f(index_locked());
  } catch (const std::exception&) {
    used_tracking_failed_ = true;
  }
}

void ReplayStore::mark_used(std::string_view id, std::string_view run) {
  track([&](RecordingIndex& index) { index.add_used(id, run); });
}

void ReplayStore::mark_ran(std::string_view test_id, std::string_view run) {
  track([&](RecordingIndex& index) { index.add_ran(test_id, run); });
}

}  // namespace llama_stack::replay
