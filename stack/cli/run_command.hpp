#pragma once
// `llama-stack run <distribution | run.yaml | api=provider,...>`: serve a
// stack over HTTP until SIGINT or SIGTERM, then shut down gracefully.
#include "stack/config/environment.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace llama_stack::cli {

extern const char* const kRunUsage;

// `args` are the words after "run". Returns the exit status: 0 served and
// shut down, 1 the stack or the server could not start, 2 a usage error.
int run_server_command(const std::vector<std::string>& args, Environment env, std::ostream& out,
                       std::ostream& err);

}  // namespace llama_stack::cli
