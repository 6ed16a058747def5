#include "providers/kits/vector_core/filters.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

constexpr std::string_view kComparisons[] = {"eq", "ne", "gt", "gte", "lt", "lte", "in", "nin"};

bool is_comparison(std::string_view type) {
  return std::find(std::begin(kComparisons), std::end(kComparisons), type) != std::end(kComparisons);
}

[[noreturn]] void bad(const std::string& where, const std::string& problem) {
  throw InvalidRequestError("vector store search: parameter '" + where + "' " + problem);
}

const json::string* type_of(const json::object& f) {
  const json::value* t = f.if_contains("type");
  return t != nullptr && t->is_string() ? &t->as_string() : nullptr;
}

void validate(const json::value& filter, const std::string& where) {
  if (!filter.is_object()) bad(where, "must be an object");
  const auto& f = filter.as_object();
  const json::string* type = type_of(f);
  if (type == nullptr) {
    // The shorthand {key: value}: scalars only.
    for (const auto& [k, v] : f)
      if (v.is_object() || v.is_array()) bad(where + "." + std::string(k), "must be a scalar");
    return;
  }
  if (*type == "and" || *type == "or") {
    const json::value* list = f.if_contains("filters");
    if (list == nullptr || !list->is_array()) bad(where + ".filters", "must be a list of filters");
    for (std::size_t i = 0; i < list->as_array().size(); ++i)
      validate(list->as_array()[i], where + ".filters[" + std::to_string(i) + "]");
    return;
  }
  if (!is_comparison(*type))
    bad(where + ".type", "is '" + std::string(*type) +
                             "'; expected eq, ne, gt, gte, lt, lte, in, nin, and or or");
  const json::value* key = f.if_contains("key");
  if (key == nullptr || !key->is_string()) bad(where + ".key", "must be a string");
  if (!f.contains("value")) bad(where + ".value", "is required");
  const bool list_op = *type == "in" || *type == "nin";
  if (list_op != f.at("value").is_array())
    bad(where + ".value", list_op ? "must be a list for " + std::string(*type)
                                  : "must be a scalar for " + std::string(*type));
}

bool is_number(const json::value& v) { return v.is_number(); }

// -1, 0, 1; nullopt when the two cannot be ordered (a number and a string).
std::optional<int> compare(const json::value& a, const json::value& b) {
  if (is_number(a) && is_number(b)) {
    const double x = a.to_number<double>(), y = b.to_number<double>();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if (a.is_string() && b.is_string()) {
    const int c = a.as_string().compare(b.as_string());
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (a.is_bool() && b.is_bool()) return static_cast<int>(a.as_bool()) - static_cast<int>(b.as_bool());
  return std::nullopt;
}

bool equal(const json::value& a, const json::value& b) {
  auto c = compare(a, b);
  return c && *c == 0;
}

bool in_list(const json::value& v, const json::array& list) {
  return std::any_of(list.begin(), list.end(), [&](const json::value& x) { return equal(v, x); });
}

}  // namespace

void validate_filter(const json::value& filter) { validate(filter, "filters"); }

bool matches_filter(const json::value& filter, const json::object& attributes) {
  const auto& f = filter.as_object();
  const json::string* type = type_of(f);
  if (type == nullptr) {
    for (const auto& [k, v] : f) {
      const json::value* have = attributes.if_contains(k);
      if (have == nullptr || !equal(*have, v)) return false;
    }
    return true;
  }
  if (*type == "and" || *type == "or") {
    const auto& list = f.at("filters").as_array();
    if (*type == "and")
      return std::all_of(list.begin(), list.end(),
                         [&](const json::value& x) { return matches_filter(x, attributes); });
    return std::any_of(list.begin(), list.end(),
                       [&](const json::value& x) { return matches_filter(x, attributes); });
  }
  const json::value* have = attributes.if_contains(f.at("key").as_string());
  const json::value& want = f.at("value");
  if (*type == "ne") return have == nullptr || !equal(*have, want);
  if (*type == "nin") return have == nullptr || !in_list(*have, want.as_array());
  if (have == nullptr) return false;
  if (*type == "in") return in_list(*have, want.as_array());
  const auto c = compare(*have, want);
  if (!c) return false;
  if (*type == "eq") return *c == 0;
  if (*type == "gt") return *c > 0;
  if (*type == "gte") return *c >= 0;
  if (*type == "lt") return *c < 0;
  return *c <= 0;  // lte
}

}  // namespace llama_stack::vector
