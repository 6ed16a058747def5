#include "stack/apis/safety/safety_router.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

std::string shield_ids_with(const std::vector<ResourceRecord>& shields) {
  std::string out;
  for (const auto& s : shields) out += (out.empty() ? "" : ", ") + s.provider_resource_id;
  return out.empty() ? "none" : out;
}

void validate_moderation_input(const json::object& params) {
  const json::value* input = params.if_contains("input");
  if (input == nullptr || input->is_null())
    throw InvalidRequestError("moderations: parameter 'input' is required");
  if (input->is_string()) return;
  if (!input->is_array())
    throw InvalidRequestError("moderations: parameter 'input' must be a string or a list of strings");
  for (const auto& item : input->as_array())
    if (!item.is_string())
      throw InvalidRequestError("moderations: parameter 'input' must be a string or a list of "
                                "strings");
}

}  // namespace

SafetyRouter::SafetyRouter(ResourceTable& resources, const std::vector<RoutedProvider>& providers)
    : resources_(resources), providers_(providers) {}

const RoutedProvider& SafetyRouter::provider_named(const std::string& provider_id,
                                                   const std::string& shield_id) const {
  if (provider_id.empty()) {
    if (providers_.size() == 1) return providers_.front();
    std::string ids;
    for (const auto& p : providers_) ids += (ids.empty() ? "" : ", ") + p.provider_id;
    throw InvalidRequestError("shield '" + shield_id + "': parameter 'provider_id' is required "
                              "when several safety providers run (" + ids + ")");
  }
  for (const auto& p : providers_)
    if (p.provider_id == provider_id) return p;
  throw NotFoundError("shield '" + shield_id + "': safety provider '" + provider_id +
                      "' is not running in this stack");
}

SafetyRouter::Target SafetyRouter::target(const ResourceRecord& record) const {
  const RoutedProvider& p = provider_named(record.provider_id, record.identifier);
  return {dynamic_cast<SafetyProvider*>(p.provider),
          Shield{record.identifier, record.provider_resource_id, record.params}};
}

RunShieldResponse SafetyRouter::run_shield(const RequestContext& context,
                                           std::string_view shield_id, const json::array& messages,
                                           const json::object& params) {
  auto t = target(resources_.get(kShieldKind, shield_id));
  return t.provider->run_shield(context, t.shield, messages, params);
}

json::object SafetyRouter::run_moderation(const RequestContext& context,
                                          const json::object& params) {
  validate_moderation_input(params);
  const auto shields = resources_.list(kShieldKind);
  const json::value* model = params.if_contains("model");
  const ResourceRecord* chosen = nullptr;
  if (model == nullptr || model->is_null()) {
    if (shields.size() != 1)
      throw InvalidRequestError("moderations: parameter 'model' is required when the stack has " +
                                std::to_string(shields.size()) + " shields");
    chosen = &shields.front();
  } else {
    if (!model->is_string())
      throw InvalidRequestError("moderations: parameter 'model' must be a string");
    for (const auto& s : shields)
      if (s.provider_resource_id == model->as_string()) {
        if (chosen != nullptr)
          throw InvalidRequestError("moderations: model '" + std::string(model->as_string()) +
                                    "' is the model of several shields (" + chosen->identifier +
                                    ", " + s.identifier + ")");
        chosen = &s;
      }
    if (chosen == nullptr)
      throw NotFoundError("moderations: no shield has model '" + std::string(model->as_string()) +
                          "' (the shields' models: " + shield_ids_with(shields) + ")");
  }
  auto t = target(*chosen);
  return t.provider->run_moderation(context, params.at("input"), t.shield.provider_resource_id);
}

ResourceRecord SafetyRouter::register_shield(ResourceRecord record) {
  record.kind = std::string(kShieldKind);
  if (record.provider_resource_id.empty()) record.provider_resource_id = record.identifier;
  const RoutedProvider& p = provider_named(record.provider_id, record.identifier);
  record.provider_id = p.provider_id;
  dynamic_cast<SafetyProvider&>(*p.provider)
      .register_shield({record.identifier, record.provider_resource_id, record.params});
  resources_.add(record);
  return record;
}

void SafetyRouter::unregister_shield(std::string_view identifier) {
  auto t = target(resources_.get(kShieldKind, identifier));
  t.provider->unregister_shield(identifier);
  resources_.remove(kShieldKind, identifier);
}

std::vector<std::string> SafetyRouter::register_config_shields() {
  std::vector<std::string> warnings;
  for (auto& record : resources_.list(kShieldKind)) {
    try {
      register_shield(record);
    } catch (const std::exception& e) {
      warnings.push_back(e.what());
    }
  }
  return warnings;
}

}  // namespace llama_stack
