#pragma once
// Read-only and full file systems for the fault tests. The tests run as
// root, whom permission bits do not stop, so a read-only directory has to
// be a read-only mount and a full disk a small tmpfs. Every mount is made in
// a mount namespace private to this test process (unshare), so nothing
// reaches the host's mounts and all vanish with the process; each is also
// unmounted when its guard goes. Without the right to mount (no
// CAP_SYS_ADMIN), mounts_unavailable() says why and the tests skip, saying so.
#include <sys/mount.h>
#include <sched.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>

namespace replay_test {

// Why this process cannot mount, or nullopt when it can (once per process).
inline std::optional<std::string> mounts_unavailable() {
  static const std::optional<std::string> why = []() -> std::optional<std::string> {
    if (::unshare(CLONE_NEWNS) != 0)
      return std::string("unshare(CLONE_NEWNS) failed: ") + std::strerror(errno);
    // Mounts made from here on stay in this namespace.
    if (::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
      return std::string("making / private failed: ") + std::strerror(errno);
    return std::nullopt;
  }();
  return why;
}

// A mount on `path`, unmounted when the guard goes.
class MountGuard {
 public:
  MountGuard(const MountGuard&) = delete;
  MountGuard& operator=(const MountGuard&) = delete;
  ~MountGuard() { ::umount2(path_.c_str(), MNT_DETACH); }

  // `path` (a directory or a file) seen read-only in place.
  static MountGuard read_only(const std::filesystem::path& path) {
    check(::mount(path.c_str(), path.c_str(), nullptr, MS_BIND, nullptr), "bind", path);
    MountGuard guard(path);
    check(::mount(nullptr, path.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr),
          "remount read-only", path);
    return guard;
  }
  // An empty tmpfs of `bytes` on the directory `path`.
  static MountGuard tmpfs(const std::filesystem::path& path, std::size_t bytes) {
    const std::string options = "size=" + std::to_string(bytes);
    check(::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()), "mount tmpfs", path);
    return MountGuard(path);
  }

  MountGuard(MountGuard&& other) noexcept : path_(std::move(other.path_)) {}

 private:
  explicit MountGuard(std::filesystem::path path) : path_(std::move(path)) {}
  static void check(int rc, const char* what, const std::filesystem::path& path) {
    if (rc != 0)
      throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
  }
  std::filesystem::path path_;
};

}  // namespace replay_test
