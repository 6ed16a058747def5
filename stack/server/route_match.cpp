#include "stack/server/route_match.hpp"

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
      params[name] = percent_decode(std::string_view(start, path.data() + path.size() - start));
      return params;
    }
    params[name] = percent_decode(have[i]);
  }
  if (have.size() != want.size()) return std::nullopt;
  return params;
}

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string percent_decode(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 2 < text.size() ? hex(text[i + 1]) : -1;
    const int lo = hi >= 0 ? hex(text[i + 2]) : -1;
    if (lo < 0)
      throw InvalidRequestError("malformed percent-escape in request path '" + std::string(text) +
                                "'");
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

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
