#include "stack/client/outbound_http.hpp"

#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/test_id_minter.hpp"

namespace llama_stack {

std::shared_ptr<HttpClient> with_replay(std::shared_ptr<HttpClient> upstream,
                                        std::shared_ptr<replay::RecordingSession> session) {
  if (!session || session->mode() == replay::InferenceMode::live) return upstream;
  return std::make_shared<replay::RecordingHttpClient>(std::move(upstream), std::move(session));
}

void record_and_replay(ClientOptions& options, std::shared_ptr<HttpClient> upstream,
                       const std::shared_ptr<replay::RecordingSession>& session) {
  options.http = with_replay(std::move(upstream), session);
  options.ids = replay::id_minter_for(session);
}

}  // namespace llama_stack
