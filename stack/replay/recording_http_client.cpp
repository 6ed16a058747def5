#include "stack/replay/recording_http_client.hpp"

#include "stack/http/key_tokens.hpp"
#include "stack/http/stream_end.hpp"
#include "stack/replay/model_list.hpp"
#include "stack/replay/normalization.hpp"
#include "stack/replay/recording_clock.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/replay_miss.hpp"
#include "stack/replay/request_key.hpp"

#include <boost/json/object.hpp>

#include <algorithm>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

bool is_success(int status) { return status >= 200 && status < 300; }

// send() is for JSON answers (the network client asks for application/json
// unless the caller sets Accept); 204 has no body by definition, nor has
// the 202 an MCP server answers a notification with.
bool expects_json(const HttpRequest& request, int status) {
  if (status == 204 || status == 202) return false;
  const auto accept = header_value(request.headers, "Accept");
  return !accept || accept->find("json") != std::string_view::npos;
}

// A caller whose Accept lists text/event-stream besides JSON (an MCP
// client) may be answered with an event stream: taken when the body is one
// and its last event is complete. A stream cut mid-event is no answer.
bool is_complete_event_stream(const HttpRequest& request, std::string_view body) {
  bool accepted = false;
  for (const auto& [name, value] : request.headers)
    if (iequals_ascii(name, "Accept") && value.find("text/event-stream") != std::string::npos) accepted = true;
  const auto first = body.find_first_not_of(" \t\r\n");
  if (!accepted || first == std::string_view::npos) return false;
  const std::string_view rest = body.substr(first);
  const bool framed = rest.starts_with("data:") || rest.starts_with("event:") || rest.starts_with("id:") ||
                      rest.starts_with("retry:") || rest.starts_with(':');
  return framed && (body.ends_with("\n\n") || body.ends_with("\r\n\r\n"));
}

// A recorded error body as it is handed out. Recordings made before error
// bodies were scrubbed may still hold a masked key.
std::string replayed_error_body(const ReplayableRecording& found) {
  return http_io::scrub_key_tokens(found.body_text);
}

// The URL as an error message may show it: credentials taken out.
std::string shown_url(std::string_view url) {
  HttpRequest r;
  r.url = url;
  return redact_request(r).url;
}

// A request as it will be stored and keyed: redacted, with its test id.
struct Prepared {
  std::string hash;
  bool model_list = false;
  Recording recording;
  std::vector<std::string> secrets;
};

Prepared prepare(const HttpRequest& request, const RecordingSession& session) {
  // A key over JSON alone would let two different uploads share a recording.
  if (request.raw_body)
    throw UnsupportedError(request.method + " " + path_of_url(request.url) +
                           ": a request with a non-JSON body cannot be recorded or replayed");
  Prepared p;
  p.recording.request = recorded_request(request, p.secrets);
  p.model_list = is_model_list_endpoint(p.recording.request.endpoint);
  // Model lists serve every test: stored without one.
  if (!p.model_list) p.recording.test_id = session.test_id();
  p.hash = request_hash(p.recording);
  return p;
}

[[noreturn]] void miss(RecordingSession& session, const Prepared& p) {
  MissedRequest missed{p.hash,  p.recording.request.method, p.recording.request.endpoint,
                       p.recording.request.model, p.recording.test_id, session.dir()};
  std::optional<ClosestRecording> closest;
  if (!p.model_list) closest = find_closest(session.store(), missed, p.recording.request.body);
  throw ReplayMissError(std::move(missed), std::move(closest));
}

// Stores what the upstream answered and returns it as stored.
json::value store_body(RecordingSession& session, const RecordingClock& clock, Prepared& p,
                       int status, std::string_view body) {
  p.recording.recorded_at = clock.now();
  auto& stored = p.recording.response;
  stored.status = status;
  stored.is_streaming = false;
  // An error body may echo the key, masked or not ("sk-VERD...9876").
  stored.body = is_success(status) ? stored_payload(body) : stored_payload(http_io::scrub_key_tokens(body));
  if (!p.model_list) normalize_payload(stored.body, p.hash);
  scrub_secrets(stored.body, p.secrets);
  session.mark_recorded(session.store().write(p.hash, p.recording));
  return stored.body;
}

class ReplayedEventStream final : public EventStream {
 public:
  explicit ReplayedEventStream(std::shared_ptr<const ReplayableRecording> found)
      : found_(std::move(found)) {}
  std::optional<std::string> next() override {
    if (next_ == found_->chunk_texts.size()) return std::nullopt;
    return found_->chunk_texts[next_++];
  }

 private:
  std::shared_ptr<const ReplayableRecording> found_;
  std::size_t next_ = 0;
};

// Hands each upstream chunk to the caller as it arrives while keeping it;
// writes the recording when the upstream ends the stream with its declared
// marker. The upstream HttpClient checks the end too, but a payload marker
// is checked again here, so no HttpClient can make a cut stream a recording;
// the SSE "[DONE]" event is framing only the upstream sees.
class RecordingEventStream final : public EventStream {
 public:
  RecordingEventStream(std::unique_ptr<EventStream> upstream,
                       std::shared_ptr<RecordingSession> session, RecordingClock clock,
                       Prepared prepared, int status, http_io::StreamEndCheck end, std::string url)
      : upstream_(std::move(upstream)),
        session_(std::move(session)),
        clock_(std::move(clock)),
        p_(std::move(prepared)),
        end_(end),
        url_(std::move(url)) {
    p_.recording.response.status = status;
    p_.recording.response.is_streaming = true;
  }

  std::optional<std::string> next() override {
    if (ended_) return std::nullopt;
    auto payload = upstream_->next();
    if (!payload) {
      if (end_.ends_at_done_event()) end_.saw_done_event();
      if (!end_.complete())
        throw BadResponseError(url_, p_.recording.response.status,
                               "stream from " + url_ + " ended before " + end_.expected() +
                                   " after " + std::to_string(p_.recording.response.chunks.size()) +
                                   " events; not recorded");
      ended_ = true;
      p_.recording.recorded_at = clock_.now();
      session_->mark_recorded(session_->store().write(p_.hash, p_.recording));
      return std::nullopt;
    }
    end_.observe(*payload);
    json::value chunk = stored_payload(*payload);
    normalize_payload(chunk, p_.hash);
    scrub_secrets(chunk, p_.secrets);
    std::string text = payload_text(chunk);
    p_.recording.response.chunks.push_back(std::move(chunk));
    return text;
  }

 private:
  std::unique_ptr<EventStream> upstream_;
  // Keeps the store alive for a stream that outlives its stack.
  std::shared_ptr<RecordingSession> session_;
  RecordingClock clock_;
  Prepared p_;
  http_io::StreamEndCheck end_;
  std::string url_;  // for error messages, credentials taken out
  bool ended_ = false;
};

}  // namespace

RecordingHttpClient::RecordingHttpClient(std::shared_ptr<HttpClient> upstream,
                                         std::shared_ptr<RecordingSession> session)
    : upstream_(std::move(upstream)),
      session_(std::move(session)),
      // Read once, at the stack's start: a malformed SOURCE_DATE_EPOCH stops
      // a recording run before it records anything. Replay writes nothing.
      clock_(session_->mode() == InferenceMode::record ||
                     session_->mode() == InferenceMode::record_if_missing
                 ? RecordingClock::from_process_environment()
                 : RecordingClock(std::nullopt)) {}

HttpResponse RecordingHttpClient::send(const HttpRequest& request) {
  const InferenceMode mode = session_->mode();
  if (mode == InferenceMode::live) return upstream_->send(request);
  Prepared p = prepare(request, *session_);
  ReplayStore& store = session_->store();

  if (mode != InferenceMode::record) {
    if (p.model_list) {
      auto lists = store.find_model_lists(p.hash);
      if (!lists.empty()) {
        std::vector<json::value> bodies;
        for (auto& list : lists) {
          session_->mark_replayed(list.id);
          bodies.push_back(std::move(list.recording.response.body));
        }
        return HttpResponse{200, {}, payload_text(merge_model_lists(bodies))};
      }
    } else if (auto found = store.find(p.hash)) {
      session_->mark_replayed(p.hash);
      const auto& r = found->recording.response;
      if (r.is_streaming)
        throw RecordingFileError(store.file_of(p.hash),
                                 "recorded as a stream but requested without streaming; "
                                 "re-record it");
      return HttpResponse{r.status, {},
                          is_success(r.status) ? found->body_text
                                               : replayed_error_body(*found)};
    }
    if (mode == InferenceMode::replay) miss(*session_, p);
  }

  HttpResponse response = upstream_->send(request);
  // Recorded, it would replay forever: record-if-missing never asks again.
  if (is_success(response.status) && expects_json(request, response.status) &&
      !stored_payload(response.body).is_structured() && !is_complete_event_stream(request, response.body))
    throw BadResponseError(shown_url(request.url), response.status,
                           request.method + " " + shown_url(request.url) + " answered HTTP " +
                               std::to_string(response.status) + " with a body that is not JSON: " +
                               http_io::body_excerpt(scrub_secrets(response.body, p.secrets)) + "; not recorded");
  // A failed model listing is no model set; other verdicts are kept.
  const bool keep =
      p.model_list ? is_success(response.status) : is_recordable_status(response.status);
  if (keep) response.body = payload_text(store_body(*session_, clock_, p, response.status, response.body));
  return response;
}

StreamResponse RecordingHttpClient::open_stream(const HttpRequest& request, StreamFormat format) {
  const InferenceMode mode = session_->mode();
  if (mode == InferenceMode::live) return upstream_->open_stream(request, format);
  Prepared p = prepare(request, *session_);
  ReplayStore& store = session_->store();

  if (mode != InferenceMode::record) {
    if (auto found = store.find(p.hash)) {
      session_->mark_replayed(p.hash);
      const auto& r = found->recording.response;
      // No stream has no event at all: such a file holds a body that was no
      // stream, recorded by a stack that did not check.
      if (r.is_streaming && r.chunks.empty())
        throw RecordingFileError(store.file_of(p.hash),
                                 "a stream recorded without a single event (the upstream's body was not "
                                 "a stream); re-record it");
      if (r.is_streaming)
        return StreamResponse{r.status, {},
                              std::make_unique<ReplayedEventStream>(std::move(found)), {}};
      if (is_success(r.status))
        throw RecordingFileError(store.file_of(p.hash),
                                 "recorded without streaming but requested as a stream; "
                                 "re-record it");
      return StreamResponse{r.status, {}, nullptr, replayed_error_body(*found)};
    }
    if (mode == InferenceMode::replay) miss(*session_, p);
  }

  http_io::StreamEndCheck end(request.stream_end, format);
  StreamResponse response = upstream_->open_stream(request, format);
  if (is_success(response.status) && response.events) {
    response.events = std::make_unique<RecordingEventStream>(std::move(response.events), session_,
                                                             clock_, std::move(p), response.status,
                                                             end, shown_url(request.url));
  } else if (is_recordable_status(response.status)) {
    response.error_body =
        payload_text(store_body(*session_, clock_, p, response.status, response.error_body));
  }
  return response;
}

}  // namespace llama_stack::replay
