// The parameters of a RouteRequest other than its JSON body.
#include "stack/routing/api_table.hpp"

#include <llama_stack/errors.hpp>

#include <charconv>

namespace llama_stack {

std::optional<std::string> query_param(const RouteRequest& request, std::string_view key) {
  auto it = request.query.find(key);
  if (it == request.query.end()) return std::nullopt;
  return it->second;
}

long long integer_query_param(const RouteRequest& request, std::string_view operation,
                              std::string_view key, long long fallback, long long min,
                              long long max) {
  const auto text = query_param(request, key);
  if (!text) return fallback;
  long long value = 0;
  const char* end = text->data() + text->size();
  auto [ptr, ec] = std::from_chars(text->data(), end, value);
  if (ec != std::errc{} || ptr != end || value < min || value > max)
    throw InvalidRequestError(std::string(operation) + ": query parameter '" + std::string(key) +
                              "' must be an integer from " + std::to_string(min) + " to " +
                              std::to_string(max) + ", not '" + *text + "'");
  return value;
}

bool ascending_order_param(const RouteRequest& request, std::string_view operation) {
  const std::string order = query_param(request, "order").value_or("desc");
  if (order != "asc" && order != "desc")
    throw InvalidRequestError(std::string(operation) + ": query parameter 'order' must be \"asc\" or \"desc\", not '" +
                              order + "'");
  return order == "asc";
}

const FormPart* form_part(const RouteRequest& request, std::string_view name) {
  for (const auto& part : request.form)
    if (part.name == name) return &part;
  return nullptr;
}

}  // namespace llama_stack
