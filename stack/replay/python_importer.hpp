#pragma once
// Imports recordings written by the Python Llama Stack (its
// tests/integration/**/recordings): each exchange is stored under our key
// for the same request, so the same request with the same test id replays
// here. Python's format: {"test_id", "request": {"method", "url", "headers",
// "body", "endpoint", "model"}, "response": {"body", "is_streaming"}} with
// bodies wrapped as {"__type__": <class>, "__data__": <payload>}.
// - the wrappers are unwrapped: bodies and chunks become the payloads;
// - request.endpoint is the route (request.url carries a "/v1/v1" artefact),
//   and the body is the one sent (extra_body merged, see python_wire_body);
// - Python records every call as POST: model lists (/v1/models, /api/tags)
//   and /api/ps are the GETs without body they really are, and a Python
//   model list (a bare list of models) becomes the upstream's shape;
// - test_id is kept (model lists have none), bodies are kept as recorded
//   (Python normalised them already), and the status is 200 (Python only
//   recorded successes).
// Tool-runtime captures are not HTTP exchanges and are skipped.
#include "stack/replay/recording.hpp"

#include <boost/json/value.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack::replay {

class ReplayStore;

struct ImportReport {
  std::size_t files = 0;            // JSON files read
  std::size_t imported = 0;         // recordings written
  std::size_t already_present = 0;  // keys the store already had (left as they were)
  std::size_t duplicates = 0;       // keys an earlier file of this import had
  std::size_t unsupported = 0;      // not HTTP exchanges (tool calls)
  std::vector<std::string> problems;  // "file: why" for files that could not be imported
};

// Replaces every {"__type__": ..., "__data__": x} by x, recursively.
boost::json::value unwrap_python_types(const boost::json::value& value);

// The body that went over the wire for a recorded request body: the Python
// recorder logged the OpenAI SDK's `extra_body` keyword as a field, while the
// SDK merges its fields into the body it sends (and so do our providers).
boost::json::value python_wire_body(boost::json::value recorded);

// Our recording of one Python recording; nullopt when it is not an HTTP
// exchange. Throws RecordingFileError naming `file` when it is malformed.
std::optional<Recording> recording_from_python(const boost::json::value& root,
                                               const std::filesystem::path& file);

// Imports every *.json below `source` (recursively, in path order; the first
// of several files with one key wins). Existing recordings are never
// overwritten. Throws StackError when `source` is not a directory.
ImportReport import_python_recordings(const std::filesystem::path& source, ReplayStore& store);

}  // namespace llama_stack::replay
