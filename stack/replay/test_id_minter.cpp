#include "stack/replay/test_id_minter.hpp"

#include "stack/replay/request_key.hpp"

namespace llama_stack::replay {

TestIdMinter::TestIdMinter(std::shared_ptr<RecordingSession> session)
    : session_(std::move(session)) {}

std::string TestIdMinter::mint(std::string_view prefix) {
  std::string test = session_->test_id().value_or("");
  const std::uint64_t starts = session_->starts_of(test);
  std::uint64_t n = 0;
  {
    std::lock_guard lock(mutex_);
    auto& [counted_under, minted] = counters_[{test, std::string(prefix)}];
    if (counted_under != starts) {
      counted_under = starts;
      minted = 0;
    }
    n = minted++;
  }
  const std::string digest =
      sha256_hex(test + "\n" + std::string(prefix) + "\n" + std::to_string(n));
  return std::string(prefix) + digest.substr(0, 24);
}

std::shared_ptr<IdMinter> id_minter_for(const std::shared_ptr<RecordingSession>& session) {
  if (!session || session->mode() == InferenceMode::live) return nullptr;
  return std::make_shared<TestIdMinter>(session);
}

}  // namespace llama_stack::replay
