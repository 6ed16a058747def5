#pragma once
// The API names a run config may use (`apis:` and the keys of `providers:`):
// those of the Python Llama Stack, whether or not this project implements
// them. An implemented-or-not decision belongs to the core; a name outside
// this list is a typo or a file for another program, and is refused.
#include <span>
#include <string_view>

namespace llama_stack {

// Sorted. The union of the Python project's `Api` enum over the releases
// whose configs we load (llama_stack/providers/datatypes.py, later
// llama_stack_api/datatypes.py): the 007efa6eb configs' releases also have
// telemetry and vector_dbs; newer ones add responses, messages,
// interactions, connectors, file_processors and admin.
std::span<const std::string_view> known_api_names();

bool is_known_api(std::string_view name);

}  // namespace llama_stack
