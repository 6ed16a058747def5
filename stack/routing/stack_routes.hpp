#pragma once
// The routes of the stack's own APIs (models, providers, inspect): they
// answer from the stack's tables and statuses, with no provider behind
// them. Only register_stack_apis (stack_apis.cpp) puts them in the table.
#include "stack/routing/api_table.hpp"

#include <vector>

namespace llama_stack {

// /v1/models: list, retrieve, register and unregister (model_routes.cpp).
std::vector<ApiRoute> model_routes();
// /v1/providers (inspect_routes.cpp).
std::vector<ApiRoute> provider_routes();
// /v1/health, /v1/version and /v1/inspect/routes (inspect_routes.cpp).
std::vector<ApiRoute> inspect_routes();

}  // namespace llama_stack
