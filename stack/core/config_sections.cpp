#include "stack/core/config_sections.hpp"

namespace llama_stack {

ConfigSections config_sections(const RunConfig& config) {
  ConfigSections out;
  if (!config.source.empty()) out.source = config.source.string();
  out.sections = config.extra;
  for (const auto& p : config.providers) out.provider_ids[p.api].push_back(p.provider_id);
  return out;
}

}  // namespace llama_stack
