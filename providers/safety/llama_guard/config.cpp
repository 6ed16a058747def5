// The inline::llama-guard plugin: descriptor and factory. Behaviour lives in
// llama_guard_safety.cpp, the prompt and the verdict beside it.
#include "providers/safety/llama_guard/llama_guard_safety.hpp"

#include <llama_stack/plugin.hpp>

#include <boost/json.hpp>

namespace llama_stack::llama_guard {

namespace {

std::vector<std::string> excluded_categories(const ProviderConfig& config) {
  std::vector<std::string> out;
  const boost::json::value* v = config.values().if_contains("excluded_categories");
  if (v == nullptr || v->is_null()) return out;
  if (!v->is_array()) config.fail("excluded_categories", "expected a list such as [S1, S2]");
  for (const auto& code : v->as_array()) {
    if (!code.is_string()) config.fail("excluded_categories", "expected a list such as [S1, S2]");
    out.emplace_back(code.as_string());
  }
  return out;
}

std::unique_ptr<Provider> create(const ProviderContext& context) {
  try {
    return std::make_unique<LlamaGuardSafety>(
        context.provider_id, context.dependency<InferenceApi>("inference"),
        excluded_categories(context.config), *context.ids);
  } catch (const InvalidRequestError& e) {
    context.config.fail("excluded_categories", e.what());
  }
}

constexpr ConfigKey kConfigKeys[] = {
    {.name = "excluded_categories", .type = ConfigType::string_list, .default_value = "[]",
     .description = "hazard categories (S1..S14) never reported as violations"},
};

}  // namespace

LLAMA_STACK_PROVIDER_DESCRIPTOR(kDescriptor, "safety", "inline::llama-guard",
    "Llama Guard shields: a Llama Guard model, served by the stack's inference, judges conversations",
    kConfigKeys, &create, "inference")

}  // namespace llama_stack::llama_guard
