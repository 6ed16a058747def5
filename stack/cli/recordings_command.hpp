#pragma once
// `llama-stack recordings ...`: look after a recordings directory (list,
// show, reindex, verify, prune, import from the Python Llama Stack).
#include "stack/config/environment.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace llama_stack::cli {

extern const char* const kRecordingsUsage;

// `args` are the words after "recordings". Returns the exit status: 0 done,
// 1 problems found or an error, 2 a usage error.
int run_recordings_command(const std::vector<std::string>& args, const Environment& env,
                           std::ostream& out, std::ostream& err);

}  // namespace llama_stack::cli
