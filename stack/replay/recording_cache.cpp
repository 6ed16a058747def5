#include "stack/replay/recording_cache.hpp"

#include <sys/stat.h>
#include <time.h>

namespace llama_stack::replay {

std::optional<FileIdentity> identity_of(const std::filesystem::path& file) {
  struct stat st {};
  if (::stat(file.c_str(), &st) != 0) return std::nullopt;
  return FileIdentity{static_cast<unsigned long long>(st.st_dev),
                      static_cast<unsigned long long>(st.st_ino),
                      static_cast<unsigned long long>(st.st_size),
                      static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec};
}

bool settled(const FileIdentity& identity) {
  struct timespec now {};
  ::clock_gettime(CLOCK_REALTIME, &now);
  const long long now_ns = static_cast<long long>(now.tv_sec) * 1000000000LL + now.tv_nsec;
  return now_ns - identity.mtime_ns > 1000000000LL;
}

std::shared_ptr<const ReplayableRecording> RecordingCache::get(std::string_view id,
                                                               const FileIdentity& identity) const {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(id);
  if (it == entries_.end() || !(it->second.identity == identity)) return nullptr;
  return it->second.recording;
}

void RecordingCache::put(std::string_view id, const FileIdentity& identity,
                         std::shared_ptr<const ReplayableRecording> recording) {
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_ && !entries_.contains(id)) entries_.clear();
  entries_.insert_or_assign(std::string(id), Entry{identity, std::move(recording)});
}

}  // namespace llama_stack::replay
