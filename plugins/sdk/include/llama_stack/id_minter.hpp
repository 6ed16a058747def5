#pragma once
// The ids a stack hands out for what it creates (file-…, vs_…, batch_…,
// chunk ids). Providers mint them through their ProviderContext rather than
// drawing random numbers, because under record/replay the ids must repeat:
// a replayed test sees the ids it was recorded with, and request bodies that
// carry them hash the same (the stack derives them from the test id and a
// per-test counter then; outside tests they are random).
#include <string>
#include <string_view>

namespace llama_stack {

class IdMinter {
 public:
  virtual ~IdMinter() = default;
  // `prefix` followed by 24 lowercase hex digits: "file-" → "file-3f9a…".
  virtual std::string mint(std::string_view prefix) = 0;
};

}  // namespace llama_stack
