#pragma once
// The inference API's entry in the API table.
#include "stack/routing/api_table.hpp"

#include <llama_stack/apis/inference.hpp>

namespace llama_stack {

void register_inference_api(ApiTable& table);

}  // namespace llama_stack
