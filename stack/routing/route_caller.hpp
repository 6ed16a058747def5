#pragma once
// How the typed client calls of each API (files, tools, ...) reach a route:
// LlamaStackClient::call's signature, bound to the client's transport, so
// they run the same in process and against a server.
#include "stack/routing/api_table.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <string_view>

namespace llama_stack {

// Per-call options, as the Python client's extra headers.
struct RequestOptions {
  // Merged over the client's provider_data (these keys win).
  boost::json::object provider_data;
};

using RouteCaller = std::function<RouteResponse(std::string_view method, std::string_view route,
                                                RouteRequest request, const RequestOptions&)>;

}  // namespace llama_stack
