#pragma once
// The replay store in the stack's one outbound path: an HttpClient that
// wraps the real one, so every provider is recorded and replayed alike.
//   replay             answers from recordings; a miss is a ReplayMissError
//   record-if-missing  answers from recordings, asks the upstream (and
//                      records) where there is none
//   record             asks the upstream and (re)records every answer
//   live               passes every call through; reads and writes nothing
// Streams are recorded chunk by chunk as the caller reads them (each chunk
// reaches the caller as it arrives) and written once the stream has ended;
// a stream abandoned, broken midway or ended before its provider's marker
// (HttpRequest::stream_end) is not recorded, and neither is a 2xx answer
// that is not the JSON asked for: each is a BadResponseError, and
// record-if-missing asks the upstream again next time. Error bodies are
// stored without what looks like a key (masked forms too). In the recording
// modes the caller gets the answer as it is stored (volatile fields
// normalised, secrets scrubbed), so a test sees the same data when it
// records as when it replays. "recorded_at" is SOURCE_DATE_EPOCH's instant
// when that is set (see recording_clock.hpp), read once at construction in
// the recording modes: a malformed value is a ConfigError here.
#include "stack/replay/recording_clock.hpp"
#include "stack/replay/recording_session.hpp"

#include <llama_stack/http_client.hpp>

#include <memory>

namespace llama_stack::replay {

class RecordingHttpClient final : public HttpClient {
 public:
  RecordingHttpClient(std::shared_ptr<HttpClient> upstream,
                      std::shared_ptr<RecordingSession> session);

  HttpResponse send(const HttpRequest& request) override;
  StreamResponse open_stream(const HttpRequest& request, StreamFormat format) override;

  HttpClient& upstream() noexcept { return *upstream_; }
  RecordingSession& session() noexcept { return *session_; }

 private:
  std::shared_ptr<HttpClient> upstream_;
  std::shared_ptr<RecordingSession> session_;
  RecordingClock clock_;
};

}  // namespace llama_stack::replay
