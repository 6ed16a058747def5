#pragma once
// Serves a stack's API table over HTTP: finds the route (404, 405), reads the
// JSON body (400), opens the request's scope from X-LlamaStack-Provider-Data
// (its keys reach the providers for this request only; "__test_id" is the
// replay store's test id for it, Python ids mapped by suite_test_id), calls
// the route's handler and answers JSON, or server-sent events for a stream
// ("data: {...}\n\n" chunks, then "data: [DONE]\n\n"). Every error is
// answered with error_response.hpp's status and body; nothing escapes.
#include "stack/replay/recording_session.hpp"
#include "stack/routing/api_table.hpp"
#include "stack/server/http_server.hpp"

#include <memory>

namespace llama_stack::server {

class StackHandler {
 public:
  // `session`: the replay store's session of the stack's HttpClient, or null
  // (live: test ids are not used).
  StackHandler(RouteServices& services, std::shared_ptr<replay::RecordingSession> session);

  ServerResponse operator()(const ServerRequest& request) const;

 private:
  RouteServices& services_;
  std::shared_ptr<replay::RecordingSession> session_;
};

// A JSON answer; the error body of error_response.hpp for `status`.
ServerResponse json_response(int status, const boost::json::value& body);
ServerResponse error_response(int status, const std::string& message);

}  // namespace llama_stack::server
