#include "stack/server/stack_server.hpp"

#include "stack/client/outbound_http.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/server/stack_handler.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack::server {

namespace {

ClientOptions with_outbound(ClientOptions options,
                            const std::shared_ptr<replay::RecordingSession>& session) {
  if (!options.http)
    record_and_replay(options, std::shared_ptr<HttpClient>(make_network_http_client()), session);
  return options;
}

// RunConfig's default: a config without server.port reads as this.
constexpr int kDefaultPort = 8321;

}  // namespace

int server_port(std::optional<int> flag, const RunConfig& config, const Environment& env) {
  if (flag) return *flag;
  if (config.server_port != kDefaultPort) return config.server_port;
  if (auto text = env.get("LLAMA_STACK_PORT"); text && !text->empty()) {
    std::size_t used = 0;
    int port = -1;
    try {
      port = std::stoi(*text, &used);
    } catch (const std::exception&) {
    }
    if (used != text->size() || port < 0 || port > 65535)
      throw InvalidRequestError("LLAMA_STACK_PORT: '" + *text + "' is not a port (0-65535)");
    return port;
  }
  return kDefaultPort;
}

StackServer::StackServer(std::string_view stack_pointer, StackServerOptions options)
    : session_(options.client.http ? options.session
                                   : replay::RecordingSession::from_environment(options.client.env)),
      client_(LlamaStackClient::from_config(stack_pointer, with_outbound(options.client, session_))) {
  options.http.port = server_port(options.port, client_.stack().config(), options.client.env);
  http_ = std::make_unique<HttpServer>(std::move(options.http),
                                       StackHandler(client_.route_services(), session_),
                                       &error_response);
}

}  // namespace llama_stack::server
