// Recording files (recordings/responses/<id>.json) of any content. The only
// error is a RecordingFileError naming the file; a recording that parses
// writes back (to_json, pretty) to a file that parses to the same key.
#include "fuzz/fuzz_support.hpp"
#include "stack/replay/canonical_json.hpp"
#include "stack/replay/recording.hpp"
#include "stack/replay/request_key.hpp"

#include <string>

using namespace llama_stack::replay;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = "recordings/responses/fuzz.json";
  Recording recording;
  try {
    recording = parse_recording(llama_stack::fuzz::as_text(data, size), file);
  } catch (const RecordingFileError& e) {
    llama_stack::fuzz::check(e.file() == file, "a recording error names the file");
    return 0;
  }
  const std::string written = pretty_json(to_json(recording));
  Recording back;
  try {
    back = parse_recording(written, file);
  } catch (const RecordingFileError&) {
    llama_stack::fuzz::check(false, "a recording that parsed writes back to a file that parses");
  }
  llama_stack::fuzz::check(request_hash(back) == request_hash(recording), "a written recording keeps its key");
  llama_stack::fuzz::check(pretty_json(to_json(back)) == written, "a written recording reads back to itself");
  return 0;
}
