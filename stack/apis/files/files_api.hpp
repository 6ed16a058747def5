#pragma once
// The files API's entry in the API table: OpenAI's /v1/files routes in front
// of the configured files provider.
#include "stack/routing/api_table.hpp"

#include <llama_stack/apis/files.hpp>

namespace llama_stack {

void register_files_api(ApiTable& table);

}  // namespace llama_stack
