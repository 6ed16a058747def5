#include "stack/replay/recording_session.hpp"

#include <llama_stack/errors.hpp>

#include <unistd.h>

#include <chrono>
#include <random>

namespace llama_stack::replay {

namespace {

struct ThreadOverride {
  const RecordingSession* session = nullptr;
  std::string test_id;
};
thread_local ThreadOverride thread_override;

std::string new_run_id() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  std::random_device random;
  return std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) +
         "-" + std::to_string(::getpid()) + "-" + std::to_string(random());
}

}  // namespace

std::filesystem::path default_recording_dir(const Environment& env) {
  return InstallLayout::detect(env).recordings_dir;
}

RecordingSession::RecordingSession(InferenceMode mode, std::filesystem::path dir)
    : mode_(mode), store_(std::move(dir)), run_id_(new_run_id()) {
  // A mistyped directory would replay nothing and fail every test with a
  // miss (or a model not found) far from the cause: say it here.
  std::error_code ec;
  // The recording modes may create it; a failure shows on the first write.
  if (mode_ == InferenceMode::record || mode_ == InferenceMode::record_if_missing)
    std::filesystem::create_directories(store_.dir(), ec);
  if (mode_ == InferenceMode::replay && !std::filesystem::is_directory(store_.dir(), ec))
    throw StackError(store_.dir().string() +
                     ": the recordings directory does not exist (replay mode reads recordings "
                     "and creates nothing; set LLAMA_STACK_TEST_RECORDING_DIR to an existing "
                     "directory, or record into it with " + std::string(kInferenceModeVariable) +
                     "=record-if-missing)");
}

std::shared_ptr<RecordingSession> RecordingSession::from_environment(const Environment& env,
                                                                    const InstallLayout& layout) {
  const InferenceMode mode = inference_mode_from(env, InferenceMode::live);
  if (mode == InferenceMode::live) return nullptr;
  return std::make_shared<RecordingSession>(mode, layout.recordings_dir);
}

std::shared_ptr<RecordingSession> RecordingSession::from_environment(const Environment& env) {
  return from_environment(env, InstallLayout::detect(env));
}

void RecordingSession::set_test_id(std::string test_id) {
  {
    std::lock_guard lock(mutex_);
    test_id_ = test_id;
    ++starts_[test_id];
  }
  note_ran(test_id);
}

void RecordingSession::note_ran(const std::string& test_id) {
  {
    std::lock_guard lock(mutex_);
    if (test_id.empty() || !ran_.insert(test_id).second) return;
  }
  // Live runs read and write nothing here.
  if (mode_ == InferenceMode::live) return;
  // Which tests ran is what scopes `recordings prune` to them.
  store_.mark_ran(test_id, run_id_);
}

void RecordingSession::note_start(const std::string& test_id, std::string_view start) {
  if (start.empty()) return;
  std::lock_guard lock(mutex_);
  auto [it, inserted] = start_tokens_.try_emplace(test_id, start);
  if (!inserted) {
    if (it->second == start) return;
    it->second = std::string(start);
  }
  ++starts_[test_id];
}

RecordingSession::ThreadTestId::ThreadTestId(RecordingSession& session, std::string test_id,
                                             std::string_view start)
    : previous_session_(thread_override.session), previous_id_(thread_override.test_id) {
  session.note_ran(test_id);
  session.note_start(test_id, start);
  thread_override = {&session, std::move(test_id)};
}

RecordingSession::ThreadTestId::~ThreadTestId() {
  thread_override = {previous_session_, std::move(previous_id_)};
}

std::optional<std::string> RecordingSession::test_id() const {
  if (thread_override.session == this) {
    if (thread_override.test_id.empty()) return std::nullopt;
    return thread_override.test_id;
  }
  std::lock_guard lock(mutex_);
  if (test_id_.empty()) return std::nullopt;
  return test_id_;
}

std::uint64_t RecordingSession::starts_of(const std::string& test_id) const {
  std::lock_guard lock(mutex_);
  auto it = starts_.find(test_id);
  return it == starts_.end() ? 0 : it->second;
}

void RecordingSession::mark_used(const std::string& id) {
  {
    std::lock_guard lock(mutex_);
    if (!used_.insert(id).second) return;
  }
  store_.mark_used(id, run_id_);
}

std::set<std::string> RecordingSession::used() const {
  std::lock_guard lock(mutex_);
  return used_;
}

void RecordingSession::mark_replayed(const std::string& id) {
  mark_used(id);
  std::lock_guard lock(mutex_);
  ++replayed_;
}

void RecordingSession::mark_recorded(const std::string& id) {
  mark_used(id);
  std::lock_guard lock(mutex_);
  ++recorded_;
}

std::size_t RecordingSession::replayed_count() const {
  std::lock_guard lock(mutex_);
  return replayed_;
}

std::size_t RecordingSession::recorded_count() const {
  std::lock_guard lock(mutex_);
  return recorded_;
}

}  // namespace llama_stack::replay
