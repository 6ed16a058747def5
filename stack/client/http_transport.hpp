#pragma once
// A remote client's transport: each call is the HTTP request a server of
// `llama-stack run` answers for the same route, sent with the stack's own
// outbound HttpClient. Provider data (and the test id, as "__test_id") go in
// X-LlamaStack-Provider-Data; streams are read as server-sent events, chunk
// by chunk; error answers come back as the stack's error types.
#include "stack/client/client_transport.hpp"

#include <llama_stack/http_client.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

// Seconds a remote client waits on each read or write of a request.
inline constexpr std::string_view kClientTimeoutVariable = "LLAMA_STACK_CLIENT_TIMEOUT";

// `base_url` is "http://host:port" (a trailing "/" and "/v1" are dropped).
// ConnectionError naming it when it is not an http(s) URL.
std::unique_ptr<ClientTransport> http_transport(std::string base_url,
                                                std::shared_ptr<HttpClient> http,
                                                std::chrono::milliseconds timeout);

// The value of LLAMA_STACK_CLIENT_TIMEOUT (unset: 120 s); ConfigError naming
// the variable when it is not a positive number of seconds.
std::chrono::milliseconds client_timeout(const std::optional<std::string>& value);

}  // namespace llama_stack
