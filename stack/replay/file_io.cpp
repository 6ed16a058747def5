#include "stack/replay/file_io.hpp"

#include <llama_stack/errors.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <random>

namespace llama_stack::replay {

namespace fs = std::filesystem;

namespace {

// Closes a descriptor on every path out.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const noexcept { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void os_error(const fs::path& file, const std::string& what) {
  throw StackError(file.string() + ": " + what + ": " + std::strerror(errno));
}

// Attempts at a temporary file a sweeper removed before its writer could
// lock it (see AtomicFileWriter): one retry is already a rare race.
constexpr int kCreateAttempts = 8;

}  // namespace

std::optional<std::string> read_file_if_exists(const fs::path& file) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer. It does
  // nothing to reads of a regular file, the only kind read below.
  FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    os_error(file, "cannot open");
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) os_error(file, "cannot stat");
  // A device or FIFO named like a recording (/dev/zero never ends) would be
  // read until memory runs out.
  if (!S_ISREG(st.st_mode)) {
    throw StackError(file.string() + ": not a regular file" +
                     (S_ISDIR(st.st_mode) ? " (a directory)" : ""));
  }
  std::string text;
  if (st.st_size > 0) text.reserve(static_cast<std::size_t>(st.st_size));
  std::array<char, 16384> buf{};
  for (;;) {
    const ssize_t n = ::read(fd.get(), buf.data(), buf.size());
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      os_error(file, "cannot read");
    }
    text.append(buf.data(), static_cast<std::size_t>(n));
  }
  return text;
}

namespace {

// Six random characters from mkstemp's alphabet.
std::string random_suffix() {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::string out(6, 'X');
  for (char& c : out) c = kAlphabet[random() % (sizeof(kAlphabet) - 1)];
  return out;
}

}  // namespace

// The temporary file must never be seen unlocked, or a sweep could take it
// for an orphan. So it is made nameless (O_TMPFILE), locked, and only then
// given its name. Where the file system cannot (no O_TMPFILE, no /proc),
// it is made named and locked at once; a sweep may then unlink it in between
// (holding the lock, so this waits for it), which the link count shows:
// then it starts again.
bool AtomicFileWriter::create_locked_nameless(const std::string& prefix) {
  fd_ = ::open(target_.parent_path().empty() ? "." : target_.parent_path().c_str(),
               O_TMPFILE | O_WRONLY | O_CLOEXEC, 0644);
  if (fd_ < 0) return false;
  if (::flock(fd_, LOCK_EX) != 0) fail("cannot lock its temporary file");
  const std::string self = "/proc/self/fd/" + std::to_string(fd_);
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    const std::string temp = prefix + random_suffix();
    if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temp.c_str(), AT_SYMLINK_FOLLOW) == 0) {
      temp_ = temp;
      return true;
    }
    if (errno != EEXIST) break;
  }
  ::close(fd_);
  fd_ = -1;
  return false;
}

void AtomicFileWriter::create_locked_named(const std::string& prefix) {
  for (int attempt = 0; attempt < kCreateAttempts; ++attempt) {
    std::string temp = prefix + "XXXXXX";
    fd_ = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd_ < 0) os_error(target_, "cannot create a temporary file beside it");
    temp_ = temp;
    struct stat st {};
    if (::flock(fd_, LOCK_EX) != 0) fail("cannot lock its temporary file");
    if (::fstat(fd_, &st) != 0) fail("cannot stat its temporary file");
    if (st.st_nlink > 0) return;
    ::close(fd_);
    fd_ = -1;
  }
  errno = EAGAIN;
  os_error(target_, "cannot keep a temporary file beside it");
}

AtomicFileWriter::AtomicFileWriter(fs::path target) : target_(std::move(target)) {
  // A unique temporary per writer: concurrent writers of one target never
  // share a half-written file, and the last rename wins whole.
  const std::string prefix =
      (target_.parent_path() / ("." + target_.filename().string() + ".")).string();
  if (!create_locked_nameless(prefix)) create_locked_named(prefix);
  // Created 0600 by mkstemp, and O_TMPFILE's mode is subject to the umask;
  // recordings are shared files like any source file.
  if (::fchmod(fd_, 0644) != 0) fail("cannot set permissions");
}

AtomicFileWriter::~AtomicFileWriter() { discard(); }

void AtomicFileWriter::discard() noexcept {
  if (fd_ < 0) return;
  ::unlink(temp_.c_str());  // before the lock goes: nobody else may have it
  ::close(fd_);
  fd_ = -1;
}

void AtomicFileWriter::fail(const std::string& what) {
  const int saved = errno;
  discard();
  errno = saved;
  os_error(target_, what);
}

void AtomicFileWriter::write(std::string_view text) {
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
}

void AtomicFileWriter::commit() {
  // close() may be the first to report a failed write (NFS, quotas); a
  // duplicate keeps the lock (which belongs to the open file, not to one
  // descriptor) until the file is in place.
  const int lock_holder = ::fcntl(fd_, F_DUPFD_CLOEXEC, 0);
  if (lock_holder < 0) fail("cannot write");
  const int fd = fd_;
  fd_ = lock_holder;
  if (::close(fd) != 0) fail("cannot write");
  if (::rename(temp_.c_str(), target_.c_str()) != 0) fail("cannot move into place");
  ::close(fd_);
  fd_ = -1;
}

void write_file_atomically(const fs::path& target, std::string_view text) {
  AtomicFileWriter file(target);
  file.write(text);
  file.commit();
}

bool is_temp_file_name(std::string_view name) noexcept {
  // ".<name>.json.XXXXXX"
  constexpr std::size_t kSuffix = 7;  // ".XXXXXX"
  if (name.size() < 1 + 5 + kSuffix || name.front() != '.') return false;
  if (name[name.size() - kSuffix] != '.') return false;
  return name.substr(0, name.size() - kSuffix).ends_with(".json");
}

TempFileSweep remove_orphan_temp_files(const fs::path& dir) {
  TempFileSweep sweep;
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
    const fs::path& file = it->path();
    if (!is_temp_file_name(file.filename().string())) continue;
    FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
    if (fd.get() < 0) {
      if (errno != ENOENT)  // renamed into place or discarded meanwhile: fine
        sweep.problems.push_back(file.string() + ": cannot open: " + std::strerror(errno));
      continue;
    }
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK)
        sweep.in_flight.push_back(file);
      else
        sweep.problems.push_back(file.string() + ": cannot lock: " + std::strerror(errno));
      continue;
    }
    // Locked by us: no writer holds it. Unless the name now stands for
    // another file (the one opened was renamed into place, and a new writer
    // drew the same name), it is an orphan.
    struct stat opened {};
    struct stat named {};
    if (::fstat(fd.get(), &opened) != 0 || ::lstat(file.c_str(), &named) != 0 ||
        opened.st_ino != named.st_ino || opened.st_dev != named.st_dev)
      continue;
    if (::unlink(file.c_str()) != 0) {
      sweep.problems.push_back(file.string() + ": cannot remove this orphan temporary file: " +
                               std::strerror(errno));
      continue;
    }
    sweep.removed.push_back(file);
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    sweep.problems.push_back(dir.string() + ": cannot list: " + ec.message());
  return sweep;
}

}  // namespace llama_stack::replay
