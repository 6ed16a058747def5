#include "stack/replay/python_importer.hpp"

#include "stack/http/event_framing.hpp"
#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/python_error_answer.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "stack/replay/test_id_mapping.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <map>
#include <variant>

namespace llama_stack::replay {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

// Why a file is skipped, besides the errors of python_error_answer.
constexpr std::string_view kToolCall = "a tool-runtime call, not an HTTP exchange";
constexpr std::string_view kFailedModelList =
    "a failed model listing: model lists are stored by the models they list";

// Calls the Python recorder stored as POST although they are GETs.
bool is_get_route(std::string_view endpoint) {
  return is_model_list_endpoint(endpoint) || endpoint == "/api/ps";
}

const json::object& object_at(const json::object& o, std::string_view key, const fs::path& file) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_object())
    throw RecordingFileError(file, "\"" + std::string(key) + "\" must be an object");
  return v->get_object();
}

std::string string_at(const json::object& o, std::string_view key, const fs::path& file) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || !v->is_string())
    throw RecordingFileError(file, "\"request." + std::string(key) + "\" must be a string");
  return std::string(v->get_string());
}

// The path Python's SDK-call URL stands for: it joined a base URL ending in
// /v1 and a route starting with /v1, and hid Databricks workspaces behind
// "__databricks__".
std::string python_sdk_url(std::string_view url) {
  constexpr std::string_view kDatabricks = "__databricks__";
  std::string path = url.starts_with(kDatabricks) ? std::string(url.substr(kDatabricks.size()))
                                                  : path_of_url(url);
  if (const auto at = path.find("/v1/v1/"); at != std::string::npos) path.erase(at, 3);
  return path;
}

// The request of an SDK call: {"method", "url", "headers", "body", "endpoint"}.
HttpRequest sdk_call_request(const json::object& request, const fs::path& file) {
  HttpRequest http;
  http.endpoint = string_at(request, "endpoint", file);
  if (http.endpoint.empty() || http.endpoint.front() != '/')
    throw RecordingFileError(file, "\"request.endpoint\" must be a route starting with '/'");
  http.url = python_sdk_url(string_at(request, "url", file));
  const bool get = is_get_route(http.endpoint);
  http.method = get ? "GET" : string_at(request, "method", file);
  if (const auto* h = request.if_contains("headers"); h && h->is_object())
    for (const auto& kv : h->get_object())
      if (kv.value().is_string()) http.headers.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
  http.body = get ? json::value(nullptr)
                  : python_wire_body(unwrap_python_types(
                        request.contains("body") ? request.at("body") : nullptr));
  return http;
}

// The request of a raw HTTP call: {"url", "method", "payload"}.
HttpRequest http_call_request(const json::object& request, const fs::path& file) {
  HttpRequest http;
  http.url = string_at(request, "url", file);
  http.method = request.contains("method") ? string_at(request, "method", file) : "POST";
  http.body = request.at("payload");
  http.endpoint = endpoint_of(http);
  return http;
}

// Python's lines of a streamed answer, as the event payloads our HTTP client
// hands to a provider (and a recording keeps).
json::array sse_payloads(const json::value& lines, const fs::path& file) {
  if (!lines.is_array())
    throw RecordingFileError(file, "a streaming \"response.body\" must be a list of lines");
  http_io::EventFramer framer(StreamFormat::sse);
  for (const auto& line : lines.get_array()) {
    if (!line.is_string())
      throw RecordingFileError(file, "a streamed \"response.body\" line must be a string");
    framer.feed(std::string(line.get_string()) + "\n");
  }
  framer.finish();
  if (framer.malformed())
    throw RecordingFileError(file, "a streamed \"response.body\" line is not an SSE field (data:, event:, id:, retry:)");
  json::array chunks;
  while (auto payload = framer.pop()) chunks.push_back(stored_payload(*payload));
  return chunks;
}

// The answer of an SDK call; a Python model list (a bare list of models)
// is given the upstream's shape.
void read_sdk_answer(const json::object& response, const std::string& endpoint,
                     RecordedResponse& out, const fs::path& file) {
  const auto* body = response.if_contains("body");
  if (body == nullptr) throw RecordingFileError(file, "\"response.body\" is missing");
  json::value payload = unwrap_python_types(*body);
  const auto* streaming = response.if_contains("is_streaming");
  if (streaming != nullptr && streaming->is_bool() && streaming->get_bool()) {
    if (!payload.is_array())
      throw RecordingFileError(file, "a streaming \"response.body\" must be a list of chunks");
    out.is_streaming = true;
    out.chunks = std::move(payload.get_array());
  } else if (is_model_list_endpoint(endpoint) && payload.is_array()) {
    out.body = endpoint == "/api/tags"
                   ? json::value(json::object{{"models", std::move(payload)}})
                   : json::value(json::object{{"object", "list"}, {"data", std::move(payload)}});
  } else {
    out.body = std::move(payload);
  }
}

// The answer of a raw HTTP call: its status and JSON, or its SSE lines. A
// stream has no status when Python read it: a success (an error status
// raises before the lines are read).
std::optional<std::string_view> read_http_answer(const json::object& response,
                                                 RecordedResponse& out, const fs::path& file) {
  const auto* body = response.if_contains("body");
  if (body == nullptr) throw RecordingFileError(file, "\"response.body\" is missing");
  const auto* streaming = response.if_contains("is_streaming");
  out.is_streaming = streaming != nullptr && streaming->is_bool() && streaming->get_bool();
  const auto* status = response.if_contains("status");
  if (status == nullptr && out.is_streaming) {
    out.status = 200;
  } else if (status == nullptr || !status->is_int64() || status->get_int64() < 100 ||
             status->get_int64() > 599) {
    throw RecordingFileError(file, "\"response.status\" must be an HTTP status code");
  } else {
    out.status = static_cast<int>(status->get_int64());
  }
  if (!is_recordable_status(out.status)) return kTransientFailureSkipped;
  if (out.is_streaming)
    out.chunks = sse_payloads(*body, file);
  else
    out.body = *body;
  return std::nullopt;
}

}  // namespace

std::map<std::string, std::size_t> ImportReport::skipped_by_reason() const {
  std::map<std::string, std::size_t> out;
  for (const auto& s : skipped) ++out[s.reason];
  return out;
}

json::value unwrap_python_types(const json::value& v) {
  if (v.is_object()) {
    const auto& o = v.get_object();
    if (o.size() == 2 && o.contains("__type__") && o.contains("__data__"))
      return unwrap_python_types(o.at("__data__"));
    json::object out;
    out.reserve(o.size());
    for (const auto& kv : o) out[kv.key()] = unwrap_python_types(kv.value());
    return out;
  }
  if (v.is_array()) {
    json::array out;
    out.reserve(v.get_array().size());
    for (const auto& x : v.get_array()) out.push_back(unwrap_python_types(x));
    return out;
  }
  return v;
}

json::value python_wire_body(json::value recorded) {
  if (!recorded.is_object()) return recorded;
  auto& body = recorded.get_object();
  const json::value* extra = body.if_contains("extra_body");
  if (extra == nullptr || !extra->is_object()) return recorded;
  const json::object fields = extra->get_object();
  body.erase("extra_body");
  for (const auto& kv : fields) body[kv.key()] = kv.value();
  return recorded;
}

std::optional<Recording> recording_from_python(const json::value& root, const fs::path& file,
                                               std::string* why_skipped) {
  auto skip = [&](std::string_view reason) -> std::optional<Recording> {
    if (why_skipped != nullptr) *why_skipped = std::string(reason);
    return std::nullopt;
  };
  if (!root.is_object()) throw RecordingFileError(file, "not a JSON object");
  const auto& o = root.get_object();
  const auto& request = object_at(o, "request", file);
  const bool http_call = request.contains("payload") && !request.contains("endpoint");
  if (!http_call && !request.contains("endpoint") && !request.contains("url"))
    return skip(kToolCall);
  const HttpRequest http =
      http_call ? http_call_request(request, file) : sdk_call_request(request, file);

  Recording r;
  std::vector<std::string> secrets;
  // The same redaction as a live recording: imported files are written too.
  r.request = recorded_request(http, secrets);
  if (const auto* t = o.if_contains("test_id"); t && t->is_string() && !is_model_list_endpoint(http.endpoint))
    r.test_id = suite_test_id(t->get_string());  // the id of the suite test that mirrors it

  const auto& response = object_at(o, "response", file);
  if (const auto* e = response.if_contains("is_exception"); e && e->is_bool() && e->get_bool()) {
    if (is_model_list_endpoint(http.endpoint)) return skip(kFailedModelList);
    auto answer = python_error_answer(response);
    if (const auto* reason = std::get_if<std::string>(&answer)) return skip(*reason);
    auto& upstream = std::get<UpstreamAnswer>(answer);
    r.response.status = upstream.status;
    r.response.body = std::move(upstream.body);
  } else if (http_call) {
    if (const auto reason = read_http_answer(response, r.response, file)) return skip(*reason);
  } else {
    read_sdk_answer(response, http.endpoint, r.response, file);
  }
  scrub_secrets(r.response.body, secrets);
  for (auto& chunk : r.response.chunks) scrub_secrets(chunk, secrets);
  return r;
}

ImportReport import_python_recordings(const fs::path& source, ReplayStore& store) {
  std::error_code ec;
  if (!fs::is_directory(source, ec))
    throw StackError(source.string() + ": not a directory of Python Llama Stack recordings");
  std::vector<fs::path> files;
  for (fs::recursive_directory_iterator it(source, ec), end; !ec && it != end; it.increment(ec))
    if (it->is_regular_file() && it->path().extension() == ".json") files.push_back(it->path());
  if (ec) throw StackError(source.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());

  ImportReport report;
  std::map<std::string, fs::path> first_of;  // key -> the file imported for it
  for (const auto& file : files) {
    ++report.files;
    try {
      const auto text = read_file_if_exists(file);
      if (!text) continue;
      boost::system::error_code parse_error;
      std::size_t error_offset = 0;
      const json::value root = parse_json_exact(*text, parse_error, &error_offset);
      if (parse_error)
        throw RecordingFileError(file, json_error_message(*text, parse_error, error_offset));
      std::string why_skipped;
      auto recording = recording_from_python(root, file, &why_skipped);
      if (!recording) {
        report.skipped.push_back({file, std::move(why_skipped)});
        continue;
      }
      const std::string hash = request_hash(*recording);
      const std::string id = ReplayStore::recording_id(hash, *recording);
      if (const auto [at, inserted] = first_of.emplace(id, file); !inserted) {
        report.duplicates.push_back({id, at->second, file});
        continue;
      }
      if (fs::exists(store.file_of(id))) {
        ++report.already_present;
        continue;
      }
      store.write(hash, *recording);
      ++report.imported;
    } catch (const std::exception& e) {
      report.problems.push_back(e.what());
    }
  }
  return report;
}

}  // namespace llama_stack::replay
