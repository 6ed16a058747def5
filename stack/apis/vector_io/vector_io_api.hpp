#pragma once
// The vector_io API's entry in the API table: OpenAI's vector stores routes
// and the Llama Stack's /v1/vector-io/insert and /query.
#include "stack/routing/api_table.hpp"

namespace llama_stack {

void register_vector_io_api(ApiTable& table);

}  // namespace llama_stack
