#include "stack/replay/model_list.hpp"

#include "stack/replay/canonical_json.hpp"
#include "stack/replay/request_key.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <set>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

// The list of models in a body, and the field holding it.
const json::array* entries_of(const json::value& body, const char** field) {
  if (body.is_array()) {
    *field = nullptr;
    return &body.get_array();
  }
  if (!body.is_object()) return nullptr;
  for (const char* name : {"data", "models"}) {
    if (const auto* v = body.get_object().if_contains(name); v && v->is_array()) {
      *field = name;
      return &v->get_array();
    }
  }
  return nullptr;
}

std::string identity_of(const json::value& entry) {
  if (entry.is_object()) {
    for (const char* name : {"id", "name", "model"})
      if (const auto* v = entry.get_object().if_contains(name); v && v->is_string())
        return std::string(v->get_string());
  }
  return compact_json(entry);
}

}  // namespace

std::string model_set_hash(const json::value& body) {
  const char* field = nullptr;
  std::set<std::string> ids;
  if (const auto* entries = entries_of(body, &field))
    for (const auto& e : *entries) ids.insert(identity_of(e));
  std::string joined;
  for (const auto& id : ids) {
    joined += id;
    joined += '\n';
  }
  return sha256_hex(joined).substr(0, 8);
}

json::value merge_model_lists(const std::vector<json::value>& bodies) {
  json::value merged;
  json::array all;
  const char* merged_field = nullptr;
  bool have_base = false;
  std::set<std::string> seen;
  for (const auto& body : bodies) {
    const char* field = nullptr;
    const auto* entries = entries_of(body, &field);
    if (entries == nullptr) continue;
    if (!have_base) {
      merged = body;
      merged_field = field;
      have_base = true;
    }
    for (const auto& e : *entries)
      if (seen.insert(identity_of(e)).second) all.push_back(e);
  }
  if (!have_base) return nullptr;
  if (merged_field == nullptr) return all;
  merged.get_object()[merged_field] = std::move(all);
  return merged;
}

}  // namespace llama_stack::replay
