#pragma once
// OpenAI's attribute filters on a chunk's attributes (metadata):
// {type: eq|ne|gt|gte|lt|lte|in|nin, key, value} and
// {type: and|or, filters: [...]}; a plain {key: value, ...} object (what the
// Python stack accepts) means all of them equal.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace llama_stack::vector {

// Throws InvalidRequestError naming the bad part ("filters.filters[1].type").
void validate_filter(const boost::json::value& filter);
// Whether `attributes` pass `filter` (validated); a missing key fails every
// comparison but ne and nin.
bool matches_filter(const boost::json::value& filter, const boost::json::object& attributes);

}  // namespace llama_stack::vector
