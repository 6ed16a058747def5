#include "providers/tool_runtime/brave_search/brave_search.hpp"

#include <boost/json/serialize.hpp>
#include <llama_stack/percent_encoding.hpp>

#include <array>
#include <initializer_list>
#include <string_view>

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

UpstreamSettings brave_settings() {
  UpstreamSettings s;
  s.base_url = "https://api.search.brave.com";
  s.route_prefix = "";
  s.key = {.config_key = "api_key",
           .provider_data_field = "brave_search_api_key",
           .required = true,
           .header = "X-Subscription-Token",
           .scheme = ""};
  // No Accept-Encoding: gzip as the Python provider sends: the stack's HTTP
  // client takes bodies as they come.
  s.headers = {{"Accept", "application/json"}};
  s.connection_hint = "is api.search.brave.com reachable from here?";
  return s;
}

// The fields the Python provider keeps per result type, and whether a ranked
// entry points at one result (its "index") or stands for the whole list.
struct TypeCleaner {
  std::string_view type;
  std::initializer_list<std::string_view> fields;
  bool indexed;
};

const TypeCleaner* cleaner_for(std::string_view type) {
  static const std::array<TypeCleaner, 6> kCleaners{{
      {"web", {"type", "title", "url", "description", "date", "extra_snippets"}, true},
      {"faq", {"type", "question", "answer", "title", "url"}, false},
      {"infobox", {"type", "title", "url", "description", "long_desc"}, true},
      {"videos", {"type", "url", "title", "description", "date"}, false},
      {"locations",
       {"type", "title", "url", "description", "coordinates", "postal_address", "contact",
        "rating", "distance", "zoom_level"},
       false},
      {"news", {"type", "title", "url", "description"}, false},
  }};
  for (const auto& c : kCleaners)
    if (c.type == type) return &c;
  return nullptr;
}

json::object kept_fields(const json::value& item, const TypeCleaner& cleaner) {
  json::object out;
  if (!item.is_object()) return out;
  for (const auto& [key, value] : item.as_object())
    for (auto field : cleaner.fields)
      if (key == field) out[key] = value;
  return out;
}

}  // namespace

BraveSearch::BraveSearch(const ProviderContext& context)
    : WebSearchProvider(context, brave_settings()) {}

std::string brave_content(const json::object& answer, std::int64_t max_results) {
  const auto* mixed = answer.if_contains("mixed");
  const auto* main = mixed && mixed->is_object() ? mixed->as_object().if_contains("main") : nullptr;
  if (main == nullptr || !main->is_array()) return {};
  std::string out;
  std::int64_t taken = 0;
  for (const auto& ranked : main->as_array()) {
    if (taken++ >= max_results) break;
    if (!ranked.is_object()) continue;
    const auto* type = ranked.as_object().if_contains("type");
    const TypeCleaner* cleaner = type && type->is_string() ? cleaner_for(type->as_string()) : nullptr;
    const auto* section = cleaner ? answer.if_contains(cleaner->type) : nullptr;
    const auto* results = section && section->is_object()
                              ? section->as_object().if_contains("results")
                              : nullptr;
    if (results == nullptr || !results->is_array()) continue;
    json::value cleaned;
    if (cleaner->indexed) {
      const auto* index = ranked.as_object().if_contains("index");
      if (index == nullptr || !index->is_int64() || index->as_int64() < 0 ||
          static_cast<std::size_t>(index->as_int64()) >= results->as_array().size())
        continue;
      cleaned = kept_fields(results->as_array()[index->as_int64()], *cleaner);
    } else {
      json::array all;
      for (const auto& item : results->as_array()) all.push_back(kept_fields(item, *cleaner));
      cleaned = std::move(all);
    }
    if (!out.empty()) out += '\n';
    out += json::serialize(cleaned);
  }
  return out;
}

ToolInvocationResult BraveSearch::search(const RequestContext& context, const std::string& query) {
  const auto request = upstream().api_request(
      context, "GET", "/res/v1/web/search?q=" + percent::encode(query), nullptr);
  return {json::value(brave_content(upstream().send_for_object(request), max_results())), std::nullopt,
          std::nullopt, std::nullopt};
}

}  // namespace llama_stack::providers
