// The one place an API joins the stack: a line here, its folder beside this
// file (README, "Adding an API").
#include "stack/apis/conversations/conversations_api.hpp"
#include "stack/apis/files/files_api.hpp"
#include "stack/apis/inference/inference_api.hpp"
#include "stack/apis/safety/safety_api.hpp"
#include "stack/apis/tool_runtime/tool_runtime_api.hpp"
#include "stack/apis/vector_io/vector_io_api.hpp"
#include "stack/routing/api_table.hpp"

namespace llama_stack {

ApiTable ApiTable::builtin() {
  ApiTable table;
  register_inference_api(table);
  register_tool_runtime_api(table);
  register_files_api(table);
  register_safety_api(table);
  register_vector_io_api(table);
  register_conversations_api(table);
  register_stack_apis(table);
  return table;
}

}  // namespace llama_stack
