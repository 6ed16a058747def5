#pragma once
// The error of a replay without a recording. It says which request missed
// (key, method, endpoint, model, test id), which stored recording comes
// closest and how its body differs, and how to record the missing one. A
// missing model list (GET /v1/models, /api/tags) says "no recording of the
// model list (replay mode)" and how to record it.
#include <llama_stack/errors.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack::replay {

class ReplayStore;

struct ClosestRecording {
  std::string id;
  std::filesystem::path file;
  std::optional<std::string> test_id;
  std::string relation;                  // "same test and endpoint" or "same endpoint"
  std::vector<std::string> differences;  // field by field, recorded vs requested body
};

struct MissedRequest {
  std::string hash;
  std::string method;
  std::string endpoint;
  std::string model;
  std::optional<std::string> test_id;
  std::filesystem::path recordings_dir;
};

class ReplayMissError : public StackError {
 public:
  ReplayMissError(MissedRequest request, std::optional<ClosestRecording> closest);
  const MissedRequest& request() const noexcept { return request_; }
  const std::string& hash() const noexcept { return request_.hash; }
  const std::optional<ClosestRecording>& closest() const noexcept { return closest_; }
  // The request was a model listing (see the header comment).
  bool is_model_list() const noexcept;

 private:
  MissedRequest request_;
  std::optional<ClosestRecording> closest_;
};

// Differences between two JSON values, one line each, with the path of the
// field: `messages[0].content: recorded "Hi", requested "Hello"`. Values
// are shortened; at most `limit` lines, the last saying how many more.
std::vector<std::string> json_differences(const boost::json::value& recorded,
                                          const boost::json::value& requested,
                                          std::size_t limit = 20);

// The stored recording nearest to a request: among those of the same test
// and endpoint first, else of the same endpoint, the one whose body differs
// in the fewest fields. The body is the redacted one (no secrets in errors).
std::optional<ClosestRecording> find_closest(ReplayStore& store, const MissedRequest& request,
                                             const boost::json::value& body);

}  // namespace llama_stack::replay
