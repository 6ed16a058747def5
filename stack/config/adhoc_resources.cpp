#include "stack/config/adhoc_resources.hpp"

#include <algorithm>

namespace llama_stack {

namespace {

struct ToolGroupPairing {
  const char* provider_type;
  const char* toolgroup_id;
};

// In preference order: a group goes to the first provider serving it.
constexpr ToolGroupPairing kToolGroups[] = {
    {"inline::rag-runtime", "builtin::rag"},
    {"remote::tavily-search", "builtin::websearch"},
    {"remote::brave-search", "builtin::websearch"},
};

bool has_group(const RunConfig& config, std::string_view id) {
  return std::any_of(config.tool_groups.begin(), config.tool_groups.end(),
                     [&](const ToolGroupEntry& g) { return g.toolgroup_id == id; });
}

}  // namespace

void add_adhoc_resources(RunConfig& config, const Environment& env) {
  for (const auto& p : config.providers) {
    if (p.api != "safety" || p.provider_type != "inline::llama-guard") continue;
    const auto model = env.get("SAFETY_MODEL");
    if (model && !model->empty()) config.shields.push_back({"llama-guard", p.provider_id, *model, {}});
    break;
  }
  for (const auto& pairing : kToolGroups)
    for (const auto& p : config.providers)
      if (p.api == "tool_runtime" && p.provider_type == pairing.provider_type &&
          !has_group(config, pairing.toolgroup_id))
        config.tool_groups.push_back({pairing.toolgroup_id, p.provider_id, std::nullopt, {}});
}

}  // namespace llama_stack
