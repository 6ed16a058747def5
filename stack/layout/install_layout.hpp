#pragma once
// Where this build finds what it ships: the built-in provider plugins, the
// distributions and the recordings. Decided here once, for the build tree
// (running from a checkout's build directory) and for an install (`meson
// install`), so the registry, the clients and the replay store agree.
#include "stack/config/environment.hpp"

#include <filesystem>
#include <vector>

namespace llama_stack {

// The variable naming the recordings directory.
inline constexpr const char* kRecordingDirVariable = "LLAMA_STACK_TEST_RECORDING_DIR";

struct InstallLayout {
  enum class Kind { build_tree, install };
  Kind kind = Kind::install;
  // The built-in provider plugins (searched recursively in a build tree).
  std::filesystem::path provider_dir;
  // Where distribution names resolve, first match wins:
  // LLAMA_STACK_DISTRIBUTIONS_DIR, then the tree's distributions/.
  std::vector<std::filesystem::path> distribution_dirs;
  // The default recordings directory: LLAMA_STACK_TEST_RECORDING_DIR, else
  // the checkout's recordings/ (an install has the source tree's path baked
  // in: recordings belong to the project being tested, not to the install).
  std::filesystem::path recordings_dir;

  // A build tree when this build's providers/ directory exists, else the
  // install prefix this build was configured for.
  static InstallLayout detect(const Environment& env);
};

}  // namespace llama_stack
