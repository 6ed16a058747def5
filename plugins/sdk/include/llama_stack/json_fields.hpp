#pragma once
// Fields of a JSON object, read one way everywhere. A request's fields
// (*_param) are checked: a field of another type is an InvalidRequestError
// naming the operation and the field, as the Python stack's 400s do. An
// upstream answer's fields (*_or_empty) are read leniently: absent, null or
// of another type reads as empty, and what the answer lacks is judged by
// whoever needs it.
#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace llama_stack {

// Absent or null reads as "" unless `required`; a value that is not a
// string, or (when required) an empty string, is refused.
inline std::string string_param(const boost::json::object& body, std::string_view operation,
                                std::string_view key, bool required = false) {
  const boost::json::value* v = body.if_contains(key);
  const std::string where = std::string(operation) + ": parameter '" + std::string(key) + "'";
  if (v == nullptr || v->is_null()) {
    if (required) throw InvalidRequestError(where + " is required");
    return {};
  }
  if (!v->is_string() || (required && v->as_string().empty()))
    throw InvalidRequestError(where + (required ? " must be a non-empty string" : " must be a string"));
  return std::string(v->as_string());
}

// Absent or null is nullptr; a value that is not an object is refused.
inline const boost::json::object* object_param(const boost::json::object& body,
                                               std::string_view operation, std::string_view key) {
  const boost::json::value* v = body.if_contains(key);
  if (v == nullptr || v->is_null()) return nullptr;
  if (!v->is_object())
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' must be an object");
  return &v->as_object();
}

inline std::string string_or_empty(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// An upstream's or a caller's count or index, read leniently as the
// answers' readers need: an integer (or a number, truncated), else 0.
inline std::int64_t int_or_zero(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  if (v == nullptr) return 0;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
  return 0;
}

inline boost::json::object object_or_empty(const boost::json::object& o, std::string_view key) {
  const boost::json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->as_object() : boost::json::object();
}

}  // namespace llama_stack
