#include "stack/http/event_framing.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using llama_stack::StreamFormat;
using llama_stack::http_io::EventFramer;

namespace {

std::vector<std::string> drain(EventFramer& framer) {
  std::vector<std::string> out;
  while (auto payload = framer.pop()) out.push_back(*payload);
  return out;
}

// Feeds `text` cut at the given positions, then ends the input.
std::vector<std::string> frame(StreamFormat format, std::string_view text, std::vector<std::size_t> cuts) {
  EventFramer framer(format);
  std::vector<std::string> out;
  std::size_t start = 0;
  cuts.push_back(text.size());
  for (std::size_t cut : cuts) {
    framer.feed(text.substr(start, cut - start));
    for (auto& p : drain(framer)) out.push_back(std::move(p));
    start = cut;
  }
  framer.finish();
  for (auto& p : drain(framer)) out.push_back(std::move(p));
  return out;
}

// Every way of cutting the text once and twice, and byte by byte: a payload
// must never depend on where the network split the body.
void check_all_splits(StreamFormat format, std::string_view text, const std::vector<std::string>& expected) {
  CHECK(frame(format, text, {}) == expected);
  for (std::size_t i = 0; i <= text.size(); ++i) {
    CAPTURE(i);
    REQUIRE(frame(format, text, {i}) == expected);
    for (std::size_t j = i; j <= text.size(); j += 3) REQUIRE(frame(format, text, {i, j}) == expected);
  }
  std::vector<std::size_t> every_byte;
  for (std::size_t i = 1; i < text.size(); ++i) every_byte.push_back(i);
  CHECK(frame(format, text, every_byte) == expected);
}

}  // namespace

TEST_CASE("SSE framing: fields, comments, multi-line data, CRLF, [DONE], any split") {
  const std::string stream =
      ": keep-alive comment\n"
      "event: message\r\n"
      "id: 7\n"
      "retry: 1000\n"
      "data: {\"a\":1}\r\n"
      "\r\n"
      "data:{\"b\":2}\n"
      "\n"
      "data: line one\n"
      "data: line two\r\n"
      ": comment inside an event\n"
      "data:  two leading spaces keep one\n"
      "\n"
      "event: ping\n"
      "\n"
      "data\n"
      "\n"
      "data: [DONE]\n"
      "\n"
      "data: after done is ignored\n\n";
  const std::vector<std::string> expected = {
      "{\"a\":1}",
      "{\"b\":2}",
      "line one\nline two\n two leading spaces keep one",
      "",  // a bare "data" field is an empty payload
  };
  check_all_splits(StreamFormat::sse, stream, expected);
}

TEST_CASE("SSE framing: EOF delivers a last event without its blank line") {
  check_all_splits(StreamFormat::sse, "data: first\n\ndata: last", {"first", "last"});
  check_all_splits(StreamFormat::sse, "data: first\r\n\r\ndata: last\r\n", {"first", "last"});
  // An event with only non-data fields produces nothing.
  check_all_splits(StreamFormat::sse, "event: x\nid: 1\n\n: bye\n", {});
}

TEST_CASE("SSE framing: [DONE] ends the stream") {
  EventFramer framer(StreamFormat::sse);
  framer.feed("data: one\n\ndata: [DONE]\n\n");
  CHECK(framer.ended());
  framer.feed("data: two\n\n");
  CHECK(drain(framer) == std::vector<std::string>{"one"});
  // "[DONE]" inside a longer payload is data.
  check_all_splits(StreamFormat::sse, "data: [DONE] not\n\n", {"[DONE] not"});
}

TEST_CASE("NDJSON framing: one payload per non-empty line, any split") {
  const std::string stream =
      "{\"response\":\"Hel\",\"done\":false}\n"
      "{\"response\":\"lo\",\"done\":false}\r\n"
      "\n"
      "   \r\n"
      "{\"response\":\"\",\"done\":true}";
  check_all_splits(StreamFormat::ndjson, stream,
                   {"{\"response\":\"Hel\",\"done\":false}", "{\"response\":\"lo\",\"done\":false}",
                    "{\"response\":\"\",\"done\":true}"});
  // JSON arrays are documents too.
  check_all_splits(StreamFormat::ndjson, "[1]\n", {"[1]"});
}

namespace {

// Feeds the whole text, then ends the input.
EventFramer framed(StreamFormat format, std::string_view text) {
  EventFramer framer(format);
  framer.feed(text);
  framer.finish();
  return framer;
}

}  // namespace

TEST_CASE("SSE framing: [DONE] is told apart from the end of the body") {
  CHECK(framed(StreamFormat::sse, "data: one\n\ndata: [DONE]\n\n").saw_done());
  CHECK(framed(StreamFormat::sse, "data: one\n\ndata: [DONE]").saw_done());  // at EOF, no blank line
  CHECK_FALSE(framed(StreamFormat::sse, "data: one\n\n").saw_done());
  CHECK_FALSE(framed(StreamFormat::sse, "").saw_done());
}

TEST_CASE("framing: a body that is not the requested format is malformed") {
  // Plain JSON, pretty-printed JSON, HTML, garbage answered to a stream request.
  for (const char* body : {"{\"error\": {\"message\": \"overloaded\"}}\n", "{\n  \"id\": \"x\"\n}\n",
                           "<html><body>502 Bad Gateway</body></html>", "\x01\x02garbage"}) {
    CAPTURE(body);
    EventFramer sse = framed(StreamFormat::sse, body);
    CHECK(sse.malformed());
    CHECK(drain(sse).empty());
  }
  for (const char* body : {"data: [DONE]\n", "<html>502</html>\n", "{\"a\":1}\nnot json\n"}) {
    CAPTURE(body);
    CHECK(framed(StreamFormat::ndjson, body).malformed());
  }
  // Events before the bad line are still delivered; nothing after it.
  EventFramer framer = framed(StreamFormat::sse, "data: one\n\nHTTP/1.1 500 oops\ndata: two\n\n");
  CHECK(framer.malformed());
  CHECK(drain(framer) == std::vector<std::string>{"one"});
  // Well-formed streams, comments and every SSE field included, are not.
  CHECK_FALSE(framed(StreamFormat::sse, ": hi\nevent: e\nid: 1\nretry: 5\ndata: x\n\n").malformed());
  CHECK_FALSE(framed(StreamFormat::ndjson, "{\"done\":true}\n\n").malformed());
}

TEST_CASE("framing: finish() is final") {
  EventFramer framer(StreamFormat::ndjson);
  framer.feed("{\"a\":1}");
  CHECK_FALSE(framer.pop());
  framer.finish();
  CHECK(framer.ended());
  CHECK(framer.pop() == std::optional<std::string>("{\"a\":1}"));
  framer.feed("{\"b\":2}\n");
  framer.finish();
  CHECK_FALSE(framer.pop());
}
