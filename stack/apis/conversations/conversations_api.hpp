#pragma once
// The conversations API's entry in the API table: an API the stack serves
// itself, with no provider (ApiDefinition::serves_without_providers).
#include "stack/routing/api_table.hpp"

#include <llama_stack/apis/conversations.hpp>

namespace llama_stack {

void register_conversations_api(ApiTable& table);

}  // namespace llama_stack
