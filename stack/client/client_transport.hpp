#pragma once
// How a LlamaStackClient reaches its stack: in process, through the API
// table's route handlers, or over HTTP to a server that serves the same
// table. The client's typed calls are the same either way, so every test
// runs unchanged against a library stack and a server.
#include "stack/routing/api_table.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

class Stack;

class ClientTransport {
 public:
  virtual ~ClientTransport() = default;
  // Answers the route registered as `method route` ("/v1/models/{model_id}",
  // its segments from request.path_params) with `provider_data` reaching the
  // providers (as the request's context in process, as the provider-data
  // header to a server). A streaming route (a body with "stream": true)
  // answers with RouteResponse::stream. Throws the stack's error types.
  virtual RouteResponse call(std::string_view method, std::string_view route, RouteRequest request,
                             const boost::json::object& provider_data) = 0;
  // The in-process stack; null for a remote one.
  virtual Stack* stack() noexcept = 0;
  virtual RouteServices* route_services() noexcept = 0;
  // The test the following calls belong to, for a server's replay store
  // (an in-process stack's store is the caller's own session).
  virtual void set_test_id(std::optional<std::string> id) = 0;
};

}  // namespace llama_stack
