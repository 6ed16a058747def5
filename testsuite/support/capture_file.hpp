#pragma once
// Reads one exchange captured by the Python Llama Stack (testsuite/fixtures/
// captures, MIT) into plain JSON: the Python wrappers {"__type__", "__data__"}
// are unwrapped so bodies are the provider's own payloads.
#include "stack/replay/python_importer.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <filesystem>
#include <string>

namespace llama_stack::testing {

struct CaptureFile {
  std::filesystem::path file;
  boost::json::value test_id;   // string or null
  boost::json::object request;  // method, url, headers, body, endpoint, model
  boost::json::value response_body;  // object, or the list of stream chunks
  bool is_streaming = false;
};

// The importer's reading of the Python wrappers, shared with the tests.
using replay::unwrap_python_types;

// The body that went over the wire for a recorded request: the Python
// recorder logged the OpenAI SDK's `extra_body` keyword as a field, while the
// SDK merges its fields into the body it sends.
inline boost::json::object wire_body(const boost::json::object& recorded) {
  return replay::python_wire_body(recorded).as_object();
}

// Throws std::runtime_error naming the file when it cannot be read or parsed.
CaptureFile read_capture_file(const std::filesystem::path& file);

// The fixture directory (testsuite/fixtures) of the source tree.
std::filesystem::path fixture_dir();

}  // namespace llama_stack::testing
