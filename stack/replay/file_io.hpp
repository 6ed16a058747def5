#pragma once
// File reads and atomic writes for the replay store, with errors that name
// the file and say what the OS said.
//
// A write goes to a temporary file beside its target, ".<target name>.XXXXXX"
// (a dot file, which listings skip), renamed over the target when complete.
// Its writer holds an exclusive flock(2) on it from before it has a name
// until after the rename; the kernel drops the lock when the writer
// dies, SIGKILL included. So a temporary file nobody holds locked is an
// orphan no writer can own any more, and one that is locked is a write in
// flight, which survives. flock, unlike fcntl locks, is not lost when another
// descriptor of the file is closed, and works across processes and
// containers sharing the directory.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::replay {

// The whole content of `file`; nullopt when it does not exist. Throws
// StackError naming the file when it exists but cannot be read or is not a
// regular file (a directory, FIFO or device).
std::optional<std::string> read_file_if_exists(const std::filesystem::path& file);

// One atomic write of `target`: readers see the old file or the new one,
// never a part. Discarded unless committed. Throws StackError naming the
// target and the OS error (ENOSPC, EROFS, ...).
class AtomicFileWriter {
 public:
  explicit AtomicFileWriter(std::filesystem::path target);
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  void write(std::string_view text);
  // Renames the temporary file over the target, then lets go of it.
  void commit();
  const std::filesystem::path& temp_file() const noexcept { return temp_; }

 private:
  bool create_locked_nameless(const std::string& prefix);
  void create_locked_named(const std::string& prefix);
  [[noreturn]] void fail(const std::string& what);
  void discard() noexcept;

  std::filesystem::path target_;
  std::filesystem::path temp_;
  int fd_ = -1;
};

void write_file_atomically(const std::filesystem::path& target, std::string_view text);

// Whether `name` is that of a temporary file of an atomic write.
bool is_temp_file_name(std::string_view name) noexcept;

struct TempFileSweep {
  std::vector<std::filesystem::path> removed;    // orphans, now gone
  std::vector<std::filesystem::path> in_flight;  // held by a live writer: kept
  std::vector<std::string> problems;             // "file: cannot remove: why"
};

// Removes the temporary files in `dir` that no writer holds (see above).
TempFileSweep remove_orphan_temp_files(const std::filesystem::path& dir);

}  // namespace llama_stack::replay
