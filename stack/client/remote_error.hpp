#pragma once
// A server's error answer back as the stack's own exception, so a caller of a
// remote client catches what a library client throws: the server's statuses
// (stack/server/error_response.hpp) read in reverse. 400 InvalidRequestError,
// 404 NotFoundError (a replay miss too: its message is the whole miss
// report), 501 UnsupportedError, 502 UpstreamError when the message is one
// ("provider 'p': upstream returned HTTP s: ...", rebuilt with the same
// provider, status and text) else ConnectionError, other 4xx
// InvalidRequestError, anything else StackError.
#include <boost/json/object.hpp>

#include <string_view>

namespace llama_stack {

// `body` is the answer's body; one that is not {"error": {"message", ...}}
// is quoted as the message (its start).
[[noreturn]] void throw_remote_error(int status, std::string_view body, std::string_view url);

// The error event of a stream that failed midway ({"error": {...}}), its
// status read from "code".
[[noreturn]] void throw_remote_error_event(const boost::json::object& event, std::string_view url);

}  // namespace llama_stack
