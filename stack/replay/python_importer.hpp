#pragma once
// Imports recordings written by the Python Llama Stack (its
// tests/integration/**/recordings): each exchange is stored under our key
// for the same request, so the same request with the same test id replays
// here. Python writes two request forms:
// - an SDK call: {"test_id", "request": {"method", "url", "headers", "body",
//   "endpoint", "model"}, "response": {"body", "is_streaming"}} with bodies
//   wrapped as {"__type__": <class>, "__data__": <payload>}. The wrappers are
//   unwrapped; request.endpoint is the route (request.url carries a "/v1/v1"
//   artefact, collapsed in the stored url), and the body is the one sent
//   (extra_body merged, see python_wire_body). Python records every call as
//   POST: model lists (/v1/models, /api/tags) and /api/ps are the GETs
//   without body they really are, and a Python model list (a bare list of
//   models) becomes the upstream's shape. Bodies are kept as recorded (Python
//   normalised them already);
// - a raw HTTP call (the newer /v1/messages and /interactions passthroughs,
//   and rerank): {"request": {"url", "method", "payload"}, "response":
//   {"status", "body", "is_streaming"}}. The route is the URL's path, the
//   body the payload, the answer its status and JSON; a streamed answer is
//   Python's list of SSE lines, framed into event payloads exactly as our
//   HTTP client frames a live stream (the only part a recording keeps).
// A Python recording of a provider error ("is_exception": true, with its
// "exception_data") becomes an error recording: the upstream's status and
// the error payload the upstream sent, so that our provider raises the same
// UpstreamError. Python stored the SDK's view of the error, so the payload is
// rebuilt: an OpenAI SDK error's body is the "error" member of what was sent
// ({"error": body} when its message shows the body was so wrapped, else the
// body itself, or its text); an Ollama error is {"error": message}.
// What cannot be imported faithfully is skipped, with a reason per file (see
// ImportReport::skipped): tool-runtime calls (not HTTP exchanges), errors
// without a status (older format, connection errors, errors raised inside the
// Python stack), errors of an SDK whose payload shape is unknown, errors in
// the middle of a stream, failed model listings, and transient failures
// (408, 429, 5xx), which our recorder does not keep either.
// test_id is kept (model lists have none); the status is the upstream's.
#include "stack/replay/recording.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack::replay {

class ReplayStore;

// One key that several files of an import have: the first in path order is
// the one imported.
struct DuplicateKey {
  std::string id;
  std::filesystem::path kept;
  std::filesystem::path dropped;
};

struct SkippedFile {
  std::filesystem::path file;
  std::string reason;  // one of a few fixed texts, so files group by it
};

struct ImportReport {
  std::size_t files = 0;            // JSON files read
  std::size_t imported = 0;         // recordings written
  std::size_t already_present = 0;  // keys the store already had (left as they were)
  std::vector<DuplicateKey> duplicates;  // keys an earlier file of this import had
  std::vector<SkippedFile> skipped;      // files that cannot be imported faithfully
  std::vector<std::string> problems;     // "file: why" for files that could not be read

  // How many files were skipped for each reason.
  std::map<std::string, std::size_t> skipped_by_reason() const;
};

// Replaces every {"__type__": ..., "__data__": x} by x, recursively.
boost::json::value unwrap_python_types(const boost::json::value& value);

// The body that went over the wire for a recorded request body: the Python
// recorder logged the OpenAI SDK's `extra_body` keyword as a field, while the
// SDK merges its fields into the body it sends (and so do our providers).
boost::json::value python_wire_body(boost::json::value recorded);

// Our recording of one Python recording; nullopt when it cannot be imported
// faithfully, with the reason in *why_skipped when given. Throws
// RecordingFileError naming `file` when it is malformed.
std::optional<Recording> recording_from_python(const boost::json::value& root,
                                               const std::filesystem::path& file,
                                               std::string* why_skipped = nullptr);

// Imports every *.json below `source` (recursively, in path order; the first
// of several files with one key wins). Existing recordings are never
// overwritten. Throws StackError when `source` is not a directory.
ImportReport import_python_recordings(const std::filesystem::path& source, ReplayStore& store);

}  // namespace llama_stack::replay
