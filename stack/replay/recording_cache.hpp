#pragma once
// Parsed recordings kept in memory, each with the identity of the file it
// was read from (device, inode, size, modification time). A replaying server
// answers the same few recordings over and over; reading, parsing and
// re-checking the key of the file each time cost more than the rest of the
// request. A file rewritten (recording writes go through a new inode by
// rename) or touched no longer matches its entry and is read again, so the
// cache never serves what the file does not hold. File times are coarse (a
// few milliseconds), so a file changed within that tick of its last change
// could keep its identity: only files last changed over a second ago are
// cached (settled()), and any later change then shows in the time.
#include "stack/replay/recording.hpp"

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::replay {

struct FileIdentity {
  unsigned long long device = 0, inode = 0, size = 0;
  long long mtime_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

// nullopt when `file` does not exist (or cannot be stat'ed).
std::optional<FileIdentity> identity_of(const std::filesystem::path& file);
// Whether a file of `identity` was last changed over a second ago.
bool settled(const FileIdentity& identity);

class RecordingCache {
 public:
  explicit RecordingCache(std::size_t capacity = 4096) : capacity_(capacity) {}

  // The recording cached for `id` if it was read from a file of `identity`;
  // null otherwise.
  std::shared_ptr<const ReplayableRecording> get(std::string_view id,
                                                 const FileIdentity& identity) const;
  // Keeps `recording` as read from a file of `identity`; when full, starts
  // over (the entries are only a cache).
  void put(std::string_view id, const FileIdentity& identity,
           std::shared_ptr<const ReplayableRecording> recording);

 private:
  struct Entry {
    FileIdentity identity;
    std::shared_ptr<const ReplayableRecording> recording;
  };
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::map<std::string, Entry, std::less<>> entries_;
};

}  // namespace llama_stack::replay
