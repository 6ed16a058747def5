#pragma once
// What a recording's "recorded_at" says: the wall clock to the second, or,
// when SOURCE_DATE_EPOCH is set (the reproducible-builds convention:
// integer seconds since 1970-01-01T00:00:00Z), that instant, so two runs
// that record the same exchanges write the same bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::replay {

inline constexpr std::string_view kSourceDateEpochVariable = "SOURCE_DATE_EPOCH";

// "2026-01-31T12:00:00Z" for `seconds` since the epoch (0 ... 9999-12-31T23:59:59Z).
std::string utc_timestamp(std::int64_t seconds);

// Seconds since the epoch that a SOURCE_DATE_EPOCH value names. Throws a
// ConfigError naming the variable and the value unless it is only ASCII
// digits and at most 9999-12-31T23:59:59Z (so no sign, space, fraction or
// overflow is read as something else).
std::int64_t parse_source_date_epoch(std::string_view value);

class RecordingClock {
 public:
  // The wall clock when `source_date_epoch` is absent, else that instant
  // (parsed here: a malformed value throws before anything is recorded).
  explicit RecordingClock(const std::optional<std::string>& source_date_epoch);
  // SOURCE_DATE_EPOCH of the process environment.
  static RecordingClock from_process_environment();

  std::string now() const;

 private:
  std::optional<std::string> fixed_;
};

}  // namespace llama_stack::replay
