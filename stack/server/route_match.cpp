#include "stack/server/route_match.hpp"

#include "stack/routing/request_encoding.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <optional>

namespace llama_stack::server {

namespace {

constexpr std::string_view kOpenAIAlias = "/v1/openai/v1/";

std::vector<std::string_view> segments(std::string_view path) {
  std::vector<std::string_view> out;
  while (!path.empty()) {
    if (path.front() == '/') {
      path.remove_prefix(1);
      continue;
    }
    const auto end = std::min(path.find('/'), path.size());
    out.push_back(path.substr(0, end));
    path.remove_prefix(end);
  }
  return out;
}

bool is_param(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// The parameters of `path` under `pattern`, or nullopt when it does not fit.
// A last {param} takes the rest of the path: model ids hold slashes.
std::optional<std::map<std::string, std::string, std::less<>>> fit(std::string_view pattern,
                                                                     std::string_view path) {
  const auto want = segments(pattern);
  const auto have = segments(path);
  std::map<std::string, std::string, std::less<>> params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (i >= have.size()) return std::nullopt;
    if (!is_param(want[i])) {
      if (want[i] != have[i]) return std::nullopt;
      continue;
    }
    const std::string name(want[i].substr(1, want[i].size() - 2));
    if (i + 1 == want.size()) {
      // The rest of the path, as sent (after the segment's start).
      const char* start = have[i].data();
      params[name] = percent_decode(std::string_view(start, path.data() + path.size() - start), "request path");
      return params;
    }
    params[name] = percent_decode(have[i], "request path");
  }
  if (have.size() != want.size()) return std::nullopt;
  return params;
}

}  // namespace

RouteMatch match_route(const ApiTable& table, std::string_view method, std::string_view target) {
  std::string path(target.substr(0, target.find('?')));
  if (path.starts_with(kOpenAIAlias)) path = "/v1/" + path.substr(kOpenAIAlias.size());
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  RouteMatch match;
  for (const auto& api : table.apis())
    for (const auto& route : api.routes) {
      auto params = fit(route.path, path);
      if (!params) continue;
      if (route.method == method) {
        match.route = &route;
        match.path_params = std::move(*params);
        match.allowed_methods.clear();
        return match;
      }
      if (std::find(match.allowed_methods.begin(), match.allowed_methods.end(), route.method) ==
          match.allowed_methods.end())
        match.allowed_methods.push_back(route.method);
    }
  return match;
}

}  // namespace llama_stack::server
