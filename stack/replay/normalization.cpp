#include "stack/replay/normalization.hpp"

#include <boost/json/object.hpp>

#include <array>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

constexpr std::array<std::string_view, 4> kOllamaDurations{"total_duration", "load_duration",
                                                           "prompt_eval_duration", "eval_duration"};

}  // namespace

void normalize_payload(json::value& payload, std::string_view request_hash) {
  if (!payload.is_object()) return;
  auto& o = payload.get_object();
  if (auto* id = o.if_contains("id"); id && id->is_string())
    *id = "rec-" + std::string(request_hash.substr(0, 12));
  if (auto* created = o.if_contains("created"); created && created->is_number()) *created = 0;
  if (auto* created_at = o.if_contains("created_at"); created_at && created_at->is_string())
    *created_at = "1970-01-01T00:00:00.000000Z";
  for (std::string_view field : kOllamaDurations)
    if (auto* d = o.if_contains(field); d && d->is_number()) *d = 0;
}

}  // namespace llama_stack::replay
