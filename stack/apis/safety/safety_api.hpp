#pragma once
// The safety API's entry in the API table: run-shield, moderations, and the
// shields registry (list, retrieve, register, unregister).
#include "stack/routing/api_table.hpp"

namespace llama_stack {

void register_safety_api(ApiTable& table);

// A shield as the routes answer it (the Python stack's Shield).
boost::json::object shield_json(const ResourceRecord& record);

}  // namespace llama_stack
