// The MCP client's reading of an answer body (providers/tool_runtime/mcp find_response):
// JSON, a JSON-RPC batch or a text/event-stream, by header or, as on replay,
// by its first byte. The first input byte picks the Content-Type (none,
// JSON, event stream) and the request id (0..3); the rest is the body.
// Properties: only BadResponseError escapes; an answer found is the
// response to that id, with a result or an error; the same body read with
// its form named by the header or guessed gives the same answer.
#include "fuzz/fuzz_support.hpp"
#include "providers/tool_runtime/mcp/mcp_session.hpp"

#include <llama_stack/errors.hpp>

#include <optional>
#include <string>

using llama_stack::providers::mcp::find_response;

namespace {

std::optional<boost::json::object> read(std::string_view type, std::string_view body, std::int64_t id,
                                        bool& refused) {
  refused = false;
  try {
    return find_response("http://127.0.0.1:1/mcp", 200, type, body, id);
  } catch (const llama_stack::BadResponseError&) {
    refused = true;
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t control = data[0];
  static constexpr std::string_view kTypes[] = {"", "application/json", "text/event-stream; charset=utf-8", ""};
  const std::string_view type = kTypes[control & 3];
  const std::int64_t id = (control >> 2) & 3;
  const std::string_view body = llama_stack::fuzz::as_text(data + 1, size - 1);

  bool refused = false;
  const auto found = read(type, body, id, refused);
  if (found) {
    const auto* got = found->if_contains("id");
    llama_stack::fuzz::check(got != nullptr && got->is_int64() && got->get_int64() == id,
                             "an answer found is the response to the request's id");
    llama_stack::fuzz::check(found->contains("result") || found->contains("error"),
                             "an answer found has a result or an error");
  }
  // A replayed answer has no header: the form guessed from the body must
  // read a well-formed answer of either form as the header would.
  if (!type.empty() && !refused) {
    bool guessed_refused = false;
    const auto guessed = read("", body, id, guessed_refused);
    const auto first = body.find_first_not_of(" \t\r\n");
    const bool looks_json = first != std::string_view::npos && (body[first] == '{' || body[first] == '[');
    const bool header_json = type == "application/json";
    if (looks_json == header_json)
      llama_stack::fuzz::check(!guessed_refused && guessed == found,
                               "a body read by its header and by its first byte gives the same answer");
  }
  return 0;
}
