#pragma once
// A stack served over HTTP: the stack built as the library client builds it
// (same stack pointers, same outbound HTTP seam: replaying or recording when
// LLAMA_STACK_TEST_INFERENCE_MODE asks), its API table served by HttpServer.
#include "stack/client/library_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/server/http_server.hpp"

#include <memory>
#include <optional>
#include <string_view>

namespace llama_stack::server {

// The port a server listens on: `flag` (--port), else the run config's
// server.port when it sets one, else LLAMA_STACK_PORT, else 8321.
// InvalidRequestError naming LLAMA_STACK_PORT when it is not a port.
int server_port(std::optional<int> flag, const RunConfig& config, const Environment& env);

struct StackServerOptions {
  ServerOptions http;  // its port is server_port(port, ...)'s
  std::optional<int> port;
  // env, distribution dirs, ...; when `client.http` is unset the stack's
  // outbound client comes from client.env (record_and_replay with the
  // rule), and its replay session serves the requests' test ids.
  ClientOptions client;
  // With `client.http` set: the session that client replays through, if any.
  std::shared_ptr<replay::RecordingSession> session;
};

class StackServer {
 public:
  // Builds the stack (ConfigError, PluginError, ... as from_config) and
  // starts serving it.
  StackServer(std::string_view stack_pointer, StackServerOptions options);

  int port() const noexcept { return http_->port(); }
  void stop() { http_->stop(); }
  void wait() { http_->wait(); }
  LlamaStackClient& client() noexcept { return client_; }
  // The replay session requests' test ids go to; null when live.
  replay::RecordingSession* session() const noexcept { return session_.get(); }

 private:
  std::shared_ptr<replay::RecordingSession> session_;
  LlamaStackClient client_;
  std::unique_ptr<HttpServer> http_;  // last: stopped before the stack goes
};

}  // namespace llama_stack::server
