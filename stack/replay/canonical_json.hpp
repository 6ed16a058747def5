#pragma once
// The one JSON writer of the replay store. Object keys are always sorted, so
// the same value has one spelling: request keys hash that spelling, and the
// recording files use it so that re-recording produces small, stable diffs.
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace llama_stack::replay {

struct JsonWriteOptions {
  // Two-space indentation, one member or element per line, trailing newline.
  bool pretty = false;
  // For request keys only: floats rounded to 5 decimals, and decimal
  // literals with 4 or more fractional digits inside strings rounded the
  // same way, so that numeric noise below 1e-5 does not change a key.
  bool round_numbers = false;
};

void write_json(std::string& out, const boost::json::value& value, JsonWriteOptions options);

// Compact, sorted, rounded: the text a request key hashes.
std::string canonical_json(const boost::json::value& value);
// Sorted and indented with exact numbers: the text of a recording file.
std::string pretty_json(const boost::json::value& value);
// Compact and sorted with exact numbers: a payload handed back to a provider.
std::string compact_json(const boost::json::value& value);

// Rewrites each decimal literal with 4 or more fractional digits that
// stands alone in `text` (not part of a word, version or longer number) as
// the same number with exactly 5 decimals: "0.123456789" -> "0.12346".
std::string round_decimal_literals(std::string_view text);

}  // namespace llama_stack::replay
