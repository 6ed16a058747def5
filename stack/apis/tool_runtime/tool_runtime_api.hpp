#pragma once
// The tool runtime API's entry in the API table: the tool groups
// (/v1/toolgroups), the tools (/v1/tools) and the runtime
// (/v1/tool-runtime/list-tools, /v1/tool-runtime/invoke, and the RAG tool's
// /v1/tool-runtime/rag-tool/insert and /query), as the Python stack serves
// them.
#include "stack/routing/api_table.hpp"

namespace llama_stack {

void register_tool_runtime_api(ApiTable& table);

}  // namespace llama_stack
