#pragma once
// How the typed client calls of each API (files, tools, ...) reach a route:
// LlamaStackClient::call's signature, bound to the client's transport, so
// they run the same in process and against a server.
#include "stack/routing/api_table.hpp"

#include <functional>
#include <string_view>

namespace llama_stack {

struct RequestOptions;

using RouteCaller = std::function<RouteResponse(std::string_view method, std::string_view route,
                                                RouteRequest request, const RequestOptions&)>;

}  // namespace llama_stack
