// Bringing the index in line with responses/*.json, the only truth: rows
// for files it does not know as they are, none for files that are gone.
#include "stack/replay/recording_index.hpp"
#include "stack/replay/recording_index_detail.hpp"

#include <llama_stack/errors.hpp>

#include <sys/stat.h>

#include <map>

namespace llama_stack::replay {

namespace fs = std::filesystem;

namespace {

bool is_recording_file(const fs::directory_entry& entry) {
  const std::string name = entry.path().filename().string();
  // Dot files are temporaries of writes in progress.
  return !name.empty() && name.front() != '.' && entry.path().extension() == ".json";
}

[[noreturn]] void cannot_list(const fs::path& responses_dir, const std::error_code& ec) {
  throw StackError(responses_dir.string() + ": cannot list recordings: " + ec.message());
}

}  // namespace

std::optional<index_detail::FileStamp> index_detail::stamp_of(const fs::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return FileStamp{static_cast<std::int64_t>(st.st_size),
                   static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1'000'000'000 +
                       st.st_mtim.tv_nsec};
}

RefreshReport RecordingIndex::refresh(const fs::path& responses_dir, const RowLoader& load,
                                      bool full) {
  using index_detail::FileStamp;
  RefreshReport report;
  SqliteDatabase::Transaction t(*db_);
  if (full) db_->execute("DELETE FROM recordings");
  std::map<std::string, FileStamp, std::less<>> known;
  {
    SqliteStatement s = db_->prepare("SELECT request_hash, file_size, file_mtime_ns FROM recordings");
    while (s.step()) known.emplace(s.text(0), FileStamp{s.integer(1), s.integer(2)});
  }
  std::error_code ec;
  fs::directory_iterator it(responses_dir, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) cannot_list(responses_dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    if (!is_recording_file(*it)) continue;
    const fs::path& file = it->path();
    const auto stamp = index_detail::stamp_of(file);
    if (!stamp) continue;  // removed while we looked
    ++report.files;
    const std::string id = file.stem().string();
    auto k = known.find(id);
    const bool current =
        k != known.end() && k->second.size == stamp->size && k->second.mtime_ns == stamp->mtime_ns;
    if (k != known.end()) known.erase(k);
    if (current) continue;
    ++report.reindexed;
    try {
      IndexRow row = load(file);
      index_detail::write_row(*db_, row, *stamp);
    } catch (const std::exception& e) {
      report.problems.push_back(e.what());
      remove(id);
    }
  }
  if (ec && ec != std::errc::no_such_file_or_directory) cannot_list(responses_dir, ec);
  for (const auto& [id, stamp] : known) {
    remove(id);
    ++report.removed;
  }
  t.commit();
  return report;
}

}  // namespace llama_stack::replay
