#include "stack/replay/recording.hpp"

#include "stack/replay/canonical_json.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/request_key.hpp"

#include <algorithm>
#include <cctype>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

json::value& member(json::object& o, std::string_view key, const std::filesystem::path& file,
                    std::string_view where) {
  json::value* v = o.if_contains(key);
  if (v == nullptr)
    throw RecordingFileError(file, "missing \"" + std::string(where) + std::string(key) + "\"");
  return *v;
}

std::string string_member(json::object& o, std::string_view key,
                          const std::filesystem::path& file, std::string_view where) {
  const json::value& v = member(o, key, file, where);
  if (!v.is_string())
    throw RecordingFileError(file, "\"" + std::string(where) + std::string(key) +
                                       "\" must be a string");
  return std::string(v.get_string());
}

json::object& object_member(json::object& o, std::string_view key,
                            const std::filesystem::path& file, std::string_view where) {
  json::value& v = member(o, key, file, where);
  if (!v.is_object())
    throw RecordingFileError(file, "\"" + std::string(where) + std::string(key) +
                                       "\" must be an object");
  return v.get_object();
}

}  // namespace

RecordedRequest recorded_request(const HttpRequest& request, std::vector<std::string>& secrets) {
  RedactedRequest redacted = redact_request(request);
  RecordedRequest r;
  r.method = request.method;
  std::transform(r.method.begin(), r.method.end(), r.method.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  r.url = path_of_url(redacted.url);
  r.headers = std::move(redacted.headers);
  r.body = std::move(redacted.body);
  r.endpoint = endpoint_of(request);
  if (r.body.is_object())
    if (const auto* m = r.body.get_object().if_contains("model"); m && m->is_string())
      r.model = std::string(m->get_string());
  secrets.insert(secrets.end(), std::make_move_iterator(redacted.secrets.begin()),
                 std::make_move_iterator(redacted.secrets.end()));
  return r;
}

bool is_recordable_status(int status) noexcept {
  return status >= 200 && status < 500 && status != 408 && status != 429;
}

json::value to_json(const Recording& r) {
  json::object request{{"method", r.request.method}, {"url", r.request.url},
                       {"headers", r.request.headers}, {"body", r.request.body},
                       {"endpoint", r.request.endpoint}, {"model", r.request.model}};
  json::object response{{"status", r.response.status}};
  if (r.response.is_streaming) {
    response["is_streaming"] = true;
    response["chunks"] = r.response.chunks;
  } else {
    response["body"] = r.response.body;
  }
  json::value test_id = nullptr;
  if (r.test_id) test_id = json::string(*r.test_id);
  json::object root{{"test_id", test_id}, {"request", std::move(request)},
                    {"response", std::move(response)}};
  if (r.recorded_at) root["recorded_at"] = *r.recorded_at;
  return root;
}

Recording recording_from_json(json::value root, const std::filesystem::path& file) {
  if (!root.is_object()) throw RecordingFileError(file, "a recording must be a JSON object");
  auto& o = root.get_object();
  Recording r;
  if (const auto* t = o.if_contains("test_id"); t && !t->is_null()) {
    if (!t->is_string()) throw RecordingFileError(file, "\"test_id\" must be a string or null");
    r.test_id = std::string(t->get_string());
  }
  if (const auto* t = o.if_contains("recorded_at"); t && !t->is_null()) {
    if (!t->is_string()) throw RecordingFileError(file, "\"recorded_at\" must be a string or null");
    r.recorded_at = std::string(t->get_string());
  }
  auto& request = object_member(o, "request", file, "");
  r.request.method = string_member(request, "method", file, "request.");
  r.request.url = string_member(request, "url", file, "request.");
  r.request.endpoint = string_member(request, "endpoint", file, "request.");
  if (r.request.endpoint.empty() || r.request.endpoint.front() != '/')
    throw RecordingFileError(file, "\"request.endpoint\" must be a route starting with '/'");
  if (const auto* m = request.if_contains("model"); m && m->is_string())
    r.request.model = std::string(m->get_string());
  if (auto* h = request.if_contains("headers"); h && h->is_object())
    r.request.headers = std::move(h->get_object());
  // Moved rather than copied: bodies are the bulk of a recording.
  r.request.body = std::move(member(request, "body", file, "request."));

  auto& response = object_member(o, "response", file, "");
  const auto& status = member(response, "status", file, "response.");
  if (!status.is_int64() || status.get_int64() < 100 || status.get_int64() > 599)
    throw RecordingFileError(file, "\"response.status\" must be an HTTP status code");
  r.response.status = static_cast<int>(status.get_int64());
  if (const auto* s = response.if_contains("is_streaming"); s && !s->is_bool())
    throw RecordingFileError(file, "\"response.is_streaming\" must be true or false");
  else if (s != nullptr)
    r.response.is_streaming = s->get_bool();
  if (r.response.is_streaming) {
    auto& chunks = member(response, "chunks", file, "response.");
    if (!chunks.is_array())
      throw RecordingFileError(file, "\"response.chunks\" must be a list");
    r.response.chunks = std::move(chunks.get_array());
  } else {
    r.response.body = std::move(member(response, "body", file, "response."));
  }
  return r;
}

Recording parse_recording(std::string_view text, const std::filesystem::path& file) {
  boost::system::error_code ec;
  std::size_t error_offset = 0;
  json::value root = parse_json_exact(text, ec, &error_offset);
  if (ec) throw RecordingFileError(file, json_error_message(text, ec, error_offset));
  return recording_from_json(std::move(root), file);
}

Recording read_recording(const std::filesystem::path& file) {
  auto text = read_file_if_exists(file);
  if (!text) throw RecordingFileError(file, "no such recording file");
  return parse_recording(*text, file);
}

json::value stored_payload(std::string_view text) {
  boost::system::error_code ec;
  json::value v = parse_json_exact(text, ec);
  // Only containers: a payload that happens to be a bare JSON scalar ("42")
  // must come back as the same text, so it is kept as text.
  if (!ec && (v.is_object() || v.is_array())) return v;
  return json::string(text);
}

std::string payload_text(const json::value& stored) {
  if (stored.is_string()) return std::string(stored.get_string());
  return compact_json(stored);
}

std::shared_ptr<const ReplayableRecording> replayable(Recording recording) {
  auto r = std::make_shared<ReplayableRecording>();
  r->body_text = payload_text(recording.response.body);
  r->chunk_texts.reserve(recording.response.chunks.size());
  for (const auto& chunk : recording.response.chunks) r->chunk_texts.push_back(payload_text(chunk));
  r->recording = std::move(recording);
  return r;
}

}  // namespace llama_stack::replay
