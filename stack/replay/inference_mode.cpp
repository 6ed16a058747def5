#include "stack/replay/inference_mode.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <array>
#include <cctype>

namespace llama_stack::replay {

namespace {

constexpr std::array<InferenceMode, 4> kModes{InferenceMode::replay,
                                              InferenceMode::record_if_missing,
                                              InferenceMode::record, InferenceMode::live};

}  // namespace

std::string_view to_string(InferenceMode mode) noexcept {
  switch (mode) {
    case InferenceMode::live: return "live";
    case InferenceMode::replay: return "replay";
    case InferenceMode::record: return "record";
    case InferenceMode::record_if_missing: return "record-if-missing";
  }
  return "unknown";
}

InferenceMode parse_inference_mode(std::string_view text, std::string_view source) {
  std::string name(text);
  std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(c));
  });
  for (InferenceMode mode : kModes)
    if (name == to_string(mode)) return mode;
  std::string valid;
  for (InferenceMode mode : kModes) {
    if (!valid.empty()) valid += ", ";
    valid += to_string(mode);
  }
  throw ConfigError(std::string(source) + ": unknown inference mode '" + std::string(text) +
                    "'; valid modes: " + valid);
}

InferenceMode inference_mode_from(const Environment& env, InferenceMode fallback) {
  const auto value = env.get(kInferenceModeVariable);
  if (!value || value->empty()) return fallback;
  return parse_inference_mode(*value, kInferenceModeVariable);
}

}  // namespace llama_stack::replay
