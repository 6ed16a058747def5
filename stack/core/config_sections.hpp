#pragma once
// The part of a RunConfig the routers may read (RouterServices::config):
// the sections the stack does not interpret itself, and the provider ids of
// each API.
#include "stack/config/run_config.hpp"
#include "stack/routing/api_table.hpp"

namespace llama_stack {

ConfigSections config_sections(const RunConfig& config);

}  // namespace llama_stack
