#pragma once
// How outbound calls meet the replay store: answered from recordings,
// recorded, both, or passed through untouched.
#include "stack/config/environment.hpp"

#include <string>
#include <string_view>

namespace llama_stack::replay {

enum class InferenceMode {
  live,               // straight to the upstream; nothing is read or written
  replay,             // only recordings; a request without one is an error
  record,             // always the upstream; every answer is (re)recorded
  record_if_missing,  // recordings where they exist, the upstream (recorded) where not
};

// The names users type: "live", "replay", "record", "record-if-missing".
std::string_view to_string(InferenceMode mode) noexcept;

// Accepts the names above in any case, and '_' for '-'. Throws ConfigError
// naming `source` (e.g. "LLAMA_STACK_TEST_INFERENCE_MODE") and the valid names.
InferenceMode parse_inference_mode(std::string_view text, std::string_view source);

// The variable that selects the mode (the one that selects the directory is
// InstallLayout's, kRecordingDirVariable).
inline constexpr std::string_view kInferenceModeVariable = "LLAMA_STACK_TEST_INFERENCE_MODE";

// The mode LLAMA_STACK_TEST_INFERENCE_MODE selects, else `fallback` (live for
// a plain stack, replay for the test runner).
InferenceMode inference_mode_from(const Environment& env, InferenceMode fallback);

}  // namespace llama_stack::replay
