// LD_PRELOAD shim for scripts/crash-consistency: holds each rename of a
// recording's temp file (".<hash>.json.XXXXXX" -> "<hash>.json") for a
// random 0..CRASH_SLOW_RENAME_MS milliseconds (default 20) before doing it.
// A write of the store takes microseconds, so random kills would almost
// never land while a temp file exists; stretched, a good share of them do,
// and the store's code runs unchanged.
#include <dlfcn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string_view>
#include <thread>

namespace {

bool is_recording_temp(const char* path) {
  std::string_view name(path);
  if (const auto slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return name.size() > 1 && name.front() == '.' && name.find(".json.") != std::string_view::npos;
}

void hold() {
  static const long max_ms = [] {
    const char* value = std::getenv("CRASH_SLOW_RENAME_MS");
    return value != nullptr ? std::strtol(value, nullptr, 10) : 20L;
  }();
  thread_local std::minstd_rand random(std::random_device{}());
  if (max_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(random() % (max_ms + 1)));
}

}  // namespace

extern "C" int rename(const char* from, const char* to) {
  using Rename = int (*)(const char*, const char*);
  static const auto real = reinterpret_cast<Rename>(::dlsym(RTLD_NEXT, "rename"));
  if (is_recording_temp(from)) hold();
  return real(from, to);
}
