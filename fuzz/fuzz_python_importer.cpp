// One Python recording of any content through the importer. The only error
// is a RecordingFileError naming the file; an imported recording is one our
// recording files can hold (it writes and reads back with the same key).
#include "fuzz/fuzz_support.hpp"
#include "stack/replay/canonical_json.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/python_importer.hpp"
#include "stack/replay/request_key.hpp"

#include <string>

using namespace llama_stack::replay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = "python/recordings/fuzz.json";
  boost::system::error_code ec;
  const boost::json::value root = parse_json_exact(llama_stack::fuzz::as_text(data, size), ec);
  if (ec) return 0;  // import_python_recordings reports unparsable files itself

  std::optional<Recording> recording;
  std::string why_skipped;
  try {
    recording = recording_from_python(root, file, &why_skipped);
  } catch (const RecordingFileError& e) {
    llama_stack::fuzz::check(e.file() == file, "an import error names the file");
    return 0;
  }
  if (!recording) {
    llama_stack::fuzz::check(!why_skipped.empty(), "a skipped file has a reason");
    return 0;
  }
  const std::string written = pretty_json(to_json(*recording));
  Recording back;
  try {
    back = parse_recording(written, file);
  } catch (const RecordingFileError&) {
    llama_stack::fuzz::check(false, "an imported recording writes a file that parses");
  }
  llama_stack::fuzz::check(request_hash(back) == request_hash(*recording), "an imported recording keeps its key");
  return 0;
}
