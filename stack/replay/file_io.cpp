#include "stack/replay/file_io.hpp"

#include <llama_stack/errors.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>

namespace llama_stack::replay {

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
  // Closes now, reporting the error that close() may be the first to see.
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

[[noreturn]] void fail(const std::filesystem::path& file, const std::string& what) {
  throw StackError(file.string() + ": " + what + ": " + std::strerror(errno));
}

}  // namespace

std::optional<std::string> read_file_if_exists(const std::filesystem::path& file) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer. It does
  // nothing to reads of a regular file, the only kind read below.
  FileDescriptor fd(::open(file.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  if (fd.get() < 0) {
    if (errno == ENOENT) return std::nullopt;
    fail(file, "cannot open");
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail(file, "cannot stat");
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
      fail(file, "cannot read");
    }
    text.append(buf.data(), static_cast<std::size_t>(n));
  }
  return text;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view text) {
  std::string temp =
      (target.parent_path() / ("." + target.filename().string() + ".XXXXXX")).string();
  FileDescriptor fd(::mkstemp(temp.data()));
  if (fd.get() < 0) fail(target, "cannot create a temporary file beside it");
  // A unique temporary per writer: concurrent writers of one target never
  // share a half-written file, and the last rename wins whole.
  auto discard = [&](const std::string& what) {
    const int saved = errno;
    ::unlink(temp.c_str());
    errno = saved;
    fail(target, what);
  };
  // mkstemp creates 0600; recordings are shared files like any source file.
  if (::fchmod(fd.get(), 0644) != 0) discard("cannot set permissions");
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd.get(), text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      discard("cannot write");
    }
    written += static_cast<std::size_t>(n);
  }
  if (!fd.close()) discard("cannot write");
  if (::rename(temp.c_str(), target.c_str()) != 0) discard("cannot move into place");
}

}  // namespace llama_stack::replay
