#pragma once
// Version of the provider SDK. A plugin records the version it was built
// against in its descriptor; the stack refuses a plugin whose ABI version
// differs from its own, because the descriptor and the interfaces below are
// plain C++ types whose layout changes between ABI versions.
#include <cstdint>

namespace llama_stack {

inline constexpr std::uint32_t kSdkAbiVersion = 1;
inline constexpr const char* kSdkVersion = "0.1.0";

}  // namespace llama_stack
