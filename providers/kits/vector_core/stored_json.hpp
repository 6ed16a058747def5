#pragma once
// What the vector core's SQLite tables share: JSON columns read back as
// objects, and created_at stamps in seconds.
#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <string>

namespace llama_stack::vector {

// A JSON column; an empty object for anything that is not one (the column
// is ours: written by serialize() of an object).
inline boost::json::object parse_object(const std::string& text) {
  boost::json::value v = boost::json::parse(text);
  return v.is_object() ? v.as_object() : boost::json::object{};
}

inline std::int64_t now_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace llama_stack::vector
