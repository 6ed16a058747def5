#include "stack/client/outbound_http.hpp"

#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"

namespace llama_stack {

std::shared_ptr<HttpClient> with_replay(std::shared_ptr<HttpClient> upstream,
                                        std::shared_ptr<replay::RecordingSession> session) {
  if (!session || session->mode() == replay::InferenceMode::live) return upstream;
  return std::make_shared<replay::RecordingHttpClient>(std::move(upstream), std::move(session));
}

std::shared_ptr<HttpClient> outbound_http_from_environment(const Environment& env) {
  return with_replay(std::shared_ptr<HttpClient>(make_network_http_client(
                         network_client_options(env.get(kMaxResponseBytesVariable)))),
                     replay::RecordingSession::from_environment(env));
}

}  // namespace llama_stack
