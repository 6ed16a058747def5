// SSE and NDJSON framing of a streamed body. The first byte picks the format
// and how the body is cut into network pieces; the rest is the body.
// Property (event_framing.hpp): the payloads do not depend on where the
// network cut the bytes, so the body fed in pieces, popping as they come,
// frames exactly as the body fed at once.
#include "fuzz/fuzz_support.hpp"
#include "stack/http/event_framing.hpp"

#include <string>
#include <vector>

using llama_stack::StreamFormat;
using llama_stack::http_io::EventFramer;

namespace {

std::vector<std::string> drain(EventFramer& framer) {
  std::vector<std::string> out;
  while (auto payload = framer.pop()) out.push_back(std::move(*payload));
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[0];
  const StreamFormat format = (control & 1) ? StreamFormat::ndjson : StreamFormat::sse;
  const std::string_view body = llama_stack::fuzz::as_text(data + 1, size - 1);

  EventFramer whole(format);
  whole.feed(body);
  whole.finish();
  const std::vector<std::string> expected = drain(whole);
  llama_stack::fuzz::check(whole.ended(), "finish() ends the stream");

  // Piece sizes 1..32 from a small generator seeded by the control byte.
  EventFramer pieces(format);
  std::vector<std::string> got;
  std::uint32_t state = 0x9e3779b9u ^ control;
  for (std::size_t at = 0; at < body.size();) {
    state = state * 1664525u + 1013904223u;
    const std::size_t n = std::min<std::size_t>(1 + (state >> 27), body.size() - at);
    pieces.feed(body.substr(at, n));
    at += n;
    for (auto& p : drain(pieces)) got.push_back(std::move(p));
  }
  pieces.finish();
  for (auto& p : drain(pieces)) got.push_back(std::move(p));
  llama_stack::fuzz::check(got == expected, "payloads do not depend on how the body was cut");
  return 0;
}
