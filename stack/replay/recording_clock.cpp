#include "stack/replay/recording_clock.hpp"

#include <llama_stack/errors.hpp>

#include <array>
#include <chrono>
#include <cstdlib>
#include <ctime>

namespace llama_stack::replay {

namespace {

// 9999-12-31T23:59:59Z: "recorded_at" has a four-digit year.
constexpr std::int64_t kLastSecond = 253402300799;

[[noreturn]] void malformed(std::string_view value, std::string_view why) {
  throw ConfigError(std::string(kSourceDateEpochVariable) + "=\"" + std::string(value) + "\": " +
                    std::string(why) +
                    "; it must be whole seconds since 1970-01-01T00:00:00Z (as `date +%s` prints), "
                    "and sets the \"recorded_at\" of every recording written; unset it to record "
                    "the wall clock");
}

}  // namespace

std::string utc_timestamp(std::int64_t seconds) {
  const auto t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::array<char, 32> buf{};
  const auto n = std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return std::string(buf.data(), n);
}

std::int64_t parse_source_date_epoch(std::string_view value) {
  if (value.empty()) malformed(value, "empty");
  std::int64_t seconds = 0;
  for (const char c : value) {
    if (c < '0' || c > '9') malformed(value, "not a non-negative integer");
    // Checked per digit, so no value wraps around into range.
    seconds = seconds * 10 + (c - '0');
    if (seconds > kLastSecond) malformed(value, "after 9999-12-31T23:59:59Z");
  }
  return seconds;
}

RecordingClock::RecordingClock(const std::optional<std::string>& source_date_epoch) {
  if (source_date_epoch) fixed_ = utc_timestamp(parse_source_date_epoch(*source_date_epoch));
}

RecordingClock RecordingClock::from_process_environment() {
  const char* value = std::getenv(std::string(kSourceDateEpochVariable).c_str());
  return RecordingClock(value ? std::optional<std::string>(value) : std::nullopt);
}

std::string RecordingClock::now() const {
  if (fixed_) return *fixed_;
  return utc_timestamp(std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count());
}

}  // namespace llama_stack::replay
