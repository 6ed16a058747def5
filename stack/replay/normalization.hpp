#pragma once
// Fields that change on every call whatever the request (ids, timestamps,
// timings) are replaced by fixed values before a response is stored, as the
// Python recorder does, so that re-recording an unchanged test rewrites its
// files identically or nearly so. Only the top level of each body or chunk
// is touched: nested fields (a model list's "created", logprob tokens) are
// data, not noise.
#include <boost/json/value.hpp>

#include <string_view>

namespace llama_stack::replay {

// "id" -> "rec-<first 12 hex of the request hash>", "created" -> 0,
// Ollama's "created_at" -> the epoch, and its *_duration timings -> 0.
void normalize_payload(boost::json::value& payload, std::string_view request_hash);

}  // namespace llama_stack::replay
