#pragma once
// The HttpClient that really talks to the network: Boost.Beast over TCP, with
// OpenSSL for https. Beast headers stay in the .cpp: they are slow to compile.
#include <llama_stack/http_client.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

// Sets NetworkClientOptions::max_response_bytes for a stack.
inline constexpr std::string_view kMaxResponseBytesVariable = "LLAMA_STACK_MAX_RESPONSE_BYTES";

struct NetworkClientOptions {
  // The largest body (or whole stream) read from an upstream. A larger one
  // is refused with a BadResponseError instead of being buffered (and
  // recorded): a runaway upstream must not exhaust memory or disk.
  std::uint64_t max_response_bytes = std::uint64_t{64} * 1024 * 1024;
};

// The options for the value of LLAMA_STACK_MAX_RESPONSE_BYTES (nullopt:
// the defaults). Throws ConfigError naming the variable for a value that is
// not a positive whole number of bytes.
NetworkClientOptions network_client_options(const std::optional<std::string>& max_response_bytes);

std::unique_ptr<HttpClient> make_network_http_client(NetworkClientOptions options = {});

}  // namespace llama_stack
