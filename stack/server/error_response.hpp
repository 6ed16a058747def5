#pragma once
// The one place the stack's error types become HTTP statuses, and the JSON
// error body every refused request gets, in OpenAI's shape:
//   {"error": {"message": "...", "type": "invalid_request_error", "code": "400"}}
#include <boost/json/object.hpp>

#include <exception>
#include <string>

namespace llama_stack::server {

struct HttpError {
  int status = 500;
  std::string type;  // "invalid_request_error", "not_found_error", ...
  std::string message;
};

// The error of a status the server itself decides (400, 404, 405, 413, ...).
HttpError http_error(int status, std::string message);
// The error the stack's exception stands for: InvalidRequestError 400,
// NotFoundError 404, UnsupportedError 501, a replay miss 404 with the whole
// miss report ("no recording"), UpstreamError and ConnectionError 502, a
// provider key missing from the request 400, anything else 500.
HttpError http_error_of(const std::exception_ptr& error);

// The message's bytes that are not UTF-8 (it may quote a path, which is any
// bytes) become U+FFFD: the body must parse as JSON.
boost::json::object error_json(const HttpError& error);

}  // namespace llama_stack::server
