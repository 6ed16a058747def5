#pragma once
// The library client's transport: the stack runs in the caller's process and
// calls go straight to the API table's handlers, as the server's do.
#include "stack/client/client_transport.hpp"
#include "stack/core/stack.hpp"

#include <memory>

namespace llama_stack {

std::unique_ptr<ClientTransport> in_process_transport(std::unique_ptr<Stack> stack);

}  // namespace llama_stack
