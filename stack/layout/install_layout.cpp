#include "stack/layout/install_layout.hpp"

#include "build_paths.hpp"

#include <system_error>

namespace llama_stack {

InstallLayout InstallLayout::detect(const Environment& env) {
  InstallLayout layout;
  std::error_code ec;
  const std::filesystem::path build_providers = LLAMA_STACK_BUILD_PROVIDER_DIR;
  // The build tree wins over the install tree so that a developer running
  // from the build directory never picks up stale installed plugins.
  if (std::filesystem::is_directory(build_providers, ec)) {
    layout.kind = Kind::build_tree;
    layout.provider_dir = build_providers;
  } else {
    layout.provider_dir = LLAMA_STACK_INSTALL_PROVIDER_DIR;
  }
  if (auto extra = env.get("LLAMA_STACK_DISTRIBUTIONS_DIR"); extra && !extra->empty())
    layout.distribution_dirs.emplace_back(*extra);
  layout.distribution_dirs.push_back(
      layout.kind == Kind::build_tree
          ? std::filesystem::path(LLAMA_STACK_SOURCE_DIR) / "distributions"
          : std::filesystem::path(LLAMA_STACK_INSTALL_DATA_DIR) / "distributions");
  if (auto dir = env.get(kRecordingDirVariable); dir && !dir->empty())
    layout.recordings_dir = *dir;
  else
    layout.recordings_dir = std::filesystem::path(LLAMA_STACK_SOURCE_DIR) / "recordings";
  return layout;
}

}  // namespace llama_stack
