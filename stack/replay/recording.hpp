#pragma once
// One recorded exchange, as stored in recordings/responses/<id>.json:
//   {"request":  {"method", "url", "headers", "body", "endpoint", "model"},
//    "response": {"status", "body"} | {"status", "is_streaming": true, "chunks": [...]},
//    "test_id":  "<test id>" | null,
//    "recorded_at": "<ISO 8601 UTC>"}   (absent in files older than the field and
//                                        in imported Python recordings)
// Secrets are already gone from every field (redaction.hpp); bodies and
// chunks are JSON when the upstream sent JSON, else the text it sent. The
// url is the path and query only (path_of_url): where the upstream ran is
// no part of the exchange. Older files with a whole URL read as they are.
#include <llama_stack/errors.hpp>
#include <llama_stack/http_client.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::replay {

struct RecordedRequest {
  std::string method;
  std::string url;
  boost::json::object headers;
  boost::json::value body;  // null: no body
  std::string endpoint;     // the API route, part of the key
  std::string model;        // the body's "model", for people and the index
};

struct RecordedResponse {
  int status = 200;
  boost::json::value body;  // when not streaming
  bool is_streaming = false;
  boost::json::array chunks;  // when streaming: one entry per event payload
};

struct Recording {
  std::optional<std::string> test_id;
  RecordedRequest request;
  RecordedResponse response;
  // When the exchange was recorded; not part of the key.
  std::optional<std::string> recorded_at;
};

// The request part of a recording of `request`: redacted (the credential
// values taken out are appended to `secrets`, for scrub_secrets), the method
// upper-case, the URL without scheme and host, the model from the body.
RecordedRequest recorded_request(const HttpRequest& request, std::vector<std::string>& secrets);

// Answers worth keeping: successes and the upstream's verdicts on the
// request (4xx). Transient failures (timeouts, rate limits, 5xx) are not:
// stored, they would fail every later replay.
bool is_recordable_status(int status) noexcept;

// A recording file that cannot be used; names the file and what is wrong.
class RecordingFileError : public StackError {
 public:
  RecordingFileError(std::filesystem::path file, const std::string& problem)
      : StackError(file.string() + ": " + problem), file_(std::move(file)) {}
  const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
};

boost::json::value to_json(const Recording& recording);
// Throws RecordingFileError naming `file` when a field is missing or mistyped.
Recording recording_from_json(boost::json::value root, const std::filesystem::path& file);
// Parses the text of a recording file.
Recording parse_recording(std::string_view text, const std::filesystem::path& file);

// Reads and parses a recording file; RecordingFileError names it on failure
// (including when it does not exist).
Recording read_recording(const std::filesystem::path& file);

// A payload as stored: the JSON object or array it holds, else its text.
boost::json::value stored_payload(std::string_view text);
// The text a stored payload stands for, as handed back to a provider.
std::string payload_text(const boost::json::value& stored);

// A recording as the store hands it out to replay: never changed once made,
// so the store's cache and every request replaying it share one copy, and
// the texts handed to providers are written once, not per request.
struct ReplayableRecording {
  Recording recording;
  std::string body_text;                 // payload_text(recording.response.body)
  std::vector<std::string> chunk_texts;  // payload_text of each chunk, in order
};
std::shared_ptr<const ReplayableRecording> replayable(Recording recording);

}  // namespace llama_stack::replay
