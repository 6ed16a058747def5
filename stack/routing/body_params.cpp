// The parameters of a RouteRequest's JSON body (route_params.cpp: the others).
#include "stack/routing/api_table.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

namespace llama_stack {

namespace json = boost::json;

std::string string_param(const json::object& body, std::string_view operation,
                         std::string_view key, bool required) {
  const json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) {
    if (!required) return {};
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' is required");
  }
  if (!v->is_string() || (required && v->as_string().empty()))
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' must be a non-empty string");
  return std::string(v->as_string());
}

}  // namespace llama_stack
