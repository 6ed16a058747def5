#pragma once
// The HttpClient that really talks to the network: Boost.Beast over TCP, with
// OpenSSL for https. Beast headers stay in the .cpp: they are slow to compile.
#include <llama_stack/http_client.hpp>

#include <memory>

namespace llama_stack {

std::unique_ptr<HttpClient> make_network_http_client();

}  // namespace llama_stack
