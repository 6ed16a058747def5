#include "stack/apis/safety/safety_client.hpp"

#include <llama_stack/json_fields.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

const json::object& object_of(const json::value& v, const char* what) {
  if (!v.is_object()) throw StackError(std::string(what) + ": the answer is not a JSON object");
  return v.as_object();
}

}  // namespace

RunShieldResponse to_run_shield_response(const json::value& body) {
  const json::object& o = object_of(body, "run shield");
  RunShieldResponse out;
  const json::value* v = o.if_contains("violation");
  if (v == nullptr || v->is_null()) return out;
  const json::object& violation = object_of(*v, "run shield violation");
  out.violation = SafetyViolation{string_or_empty(violation, "violation_level"),
                                  string_or_empty(violation, "user_message"),
                                  object_or_empty(violation, "metadata")};
  return out;
}

ShieldInfo to_shield(const json::value& body) {
  const json::object& o = object_of(body, "shield");
  return {string_or_empty(o, "identifier"), string_or_empty(o, "provider_id"),
          string_or_empty(o, "provider_resource_id"), object_or_empty(o, "params")};
}

ModerationObject to_moderation(const json::value& body) {
  const json::object& o = object_of(body, "moderation");
  ModerationObject out{string_or_empty(o, "id"), string_or_empty(o, "model"), {}};
  const json::value* results = o.if_contains("results");
  if (results == nullptr || !results->is_array())
    throw StackError("moderation: the answer has no 'results' list");
  for (const auto& r : results->as_array()) {
    const json::object& ro = object_of(r, "moderation result");
    ModerationResult m;
    if (const auto* f = ro.if_contains("flagged"); f && f->is_bool()) m.flagged = f->as_bool();
    for (const auto& [k, v] : object_or_empty(ro, "categories"))
      m.categories[std::string(k)] = v.is_bool() && v.as_bool();
    for (const auto& [k, v] : object_or_empty(ro, "category_scores"))
      m.category_scores[std::string(k)] = v.is_number() ? v.to_number<double>() : 0.0;
    for (const auto& [k, v] : object_or_empty(ro, "category_applied_input_types")) {
      auto& types = m.category_applied_input_types[std::string(k)];
      if (v.is_array())
        for (const auto& t : v.as_array())
          if (t.is_string()) types.emplace_back(t.as_string());
    }
    if (const auto* u = ro.if_contains("user_message"); u && u->is_string())
      m.user_message = std::string(u->as_string());
    m.metadata = object_or_empty(ro, "metadata");
    out.results.push_back(std::move(m));
  }
  return out;
}

RunShieldResponse SafetyClient::run_shield(std::string_view shield_id, const json::array& messages,
                                           const json::object& params) {
  json::object body{{"shield_id", shield_id}, {"messages", messages}, {"params", params}};
  return to_run_shield_response(call_("POST", "/v1/safety/run-shield", {{}, std::move(body)}, {}).body);
}

std::vector<ShieldInfo> ShieldsClient::list() const {
  const json::value listed = call_("GET", "/v1/shields", {}, {}).body;
  const json::object& o = object_of(listed, "list shields");
  std::vector<ShieldInfo> out;
  if (const auto* data = o.if_contains("data"); data && data->is_array())
    for (const auto& s : data->as_array()) out.push_back(to_shield(s));
  return out;
}

ShieldInfo ShieldsClient::retrieve(std::string_view identifier) const {
  return to_shield(
      call_("GET", "/v1/shields/{identifier}", {{{"identifier", std::string(identifier)}}}, {}).body);
}

ShieldInfo ShieldsClient::register_shield(std::string shield_id, std::string provider_id,
                                          std::string provider_shield_id, json::object params) {
  json::object body{{"shield_id", std::move(shield_id)}, {"params", std::move(params)}};
  if (!provider_id.empty()) body["provider_id"] = std::move(provider_id);
  if (!provider_shield_id.empty()) body["provider_shield_id"] = std::move(provider_shield_id);
  return to_shield(call_("POST", "/v1/shields", {{}, std::move(body)}, {}).body);
}

void ShieldsClient::unregister(std::string_view identifier) {
  call_("DELETE", "/v1/shields/{identifier}", {{{"identifier", std::string(identifier)}}}, {});
}

ModerationObject ModerationsClient::create(const json::object& params) {
  return to_moderation(call_("POST", "/v1/moderations", {{}, params}, {}).body);
}

}  // namespace llama_stack
