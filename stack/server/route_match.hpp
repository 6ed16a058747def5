#pragma once
// Which route of the API table a request path names. The OpenAI-compatible
// aliases older clients use (/v1/openai/v1/chat/completions) name the same
// routes as /v1/...
#include "stack/routing/api_table.hpp"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::server {

struct RouteMatch {
  const ApiRoute* route = nullptr;  // null: no route for this method and path
  std::map<std::string, std::string, std::less<>> path_params;
  // When `route` is null: the methods the path has routes for (405), if any.
  std::vector<std::string> allowed_methods;
};

// `target` is the request target (path and query); the query is ignored.
RouteMatch match_route(const ApiTable& table, std::string_view method, std::string_view target);

}  // namespace llama_stack::server
