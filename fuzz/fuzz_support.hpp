#pragma once
// What every fuzz target shares: the libFuzzer entry point's signature, and
// check(), which turns a broken property into a crash the fuzzer keeps.
// A target may let only the errors its API documents escape (StackError and
// its kinds): any other exception is uncaught and so a finding too.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace llama_stack::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// abort() rather than an exception: the fuzzer and the replay driver both
// stop on it, with the property in the log.
inline void check(bool holds, const char* property) {
  if (holds) return;
  std::fprintf(stderr, "fuzz property broken: %s\n", property);
  std::abort();
}

}  // namespace llama_stack::fuzz
