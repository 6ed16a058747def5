#pragma once
// Version of the provider SDK. A plugin records the version it was built
// against in its descriptor; the stack refuses a plugin whose ABI version
// differs from its own, because the descriptor and the interfaces below are
// plain C++ types whose layout changes between ABI versions, and a plugin
// built against a newer SDK (or another major version) than the stack's,
// because it may rely on what this stack does not have.
#include <cstdint>

namespace llama_stack {

inline constexpr std::uint32_t kSdkAbiVersion = 6;
inline constexpr const char* kSdkVersion = "0.6.0";

}  // namespace llama_stack
