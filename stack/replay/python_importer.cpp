#include "stack/replay/python_importer.hpp"

#include "stack/replay/exact_json_parser.hpp"
#include "stack/replay/file_io.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/replay_store.hpp"
#include "stack/replay/request_key.hpp"
#include "stack/replay/test_id_mapping.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <algorithm>
#include <set>

namespace llama_stack::replay {

namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

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

}  // namespace

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

std::optional<Recording> recording_from_python(const json::value& root, const fs::path& file) {
  if (!root.is_object()) throw RecordingFileError(file, "not a JSON object");
  const auto& o = root.get_object();
  const auto& request = object_at(o, "request", file);
  if (!request.contains("endpoint") && !request.contains("url")) return std::nullopt;

  HttpRequest http;
  http.endpoint = string_at(request, "endpoint", file);
  if (http.endpoint.empty() || http.endpoint.front() != '/')
    throw RecordingFileError(file, "\"request.endpoint\" must be a route starting with '/'");
  http.url = string_at(request, "url", file);
  const bool get = is_get_route(http.endpoint);
  http.method = get ? "GET" : string_at(request, "method", file);
  if (const auto* h = request.if_contains("headers"); h && h->is_object())
    for (const auto& kv : h->get_object())
      if (kv.value().is_string()) http.headers.emplace_back(std::string(kv.key()), std::string(kv.value().get_string()));
  http.body = get ? json::value(nullptr)
                  : python_wire_body(unwrap_python_types(
                        request.contains("body") ? request.at("body") : nullptr));
  // The same redaction as a live recording: imported files are written too.
  RedactedRequest redacted = redact_request(http);

  Recording r;
  r.request.method = http.method;
  r.request.url = std::move(redacted.url);
  r.request.headers = std::move(redacted.headers);
  r.request.body = std::move(redacted.body);
  r.request.endpoint = http.endpoint;
  if (const auto* m = request.if_contains("model"); m && m->is_string())
    r.request.model = std::string(m->get_string());
  if (const auto* t = o.if_contains("test_id"); t && t->is_string() && !is_model_list_endpoint(http.endpoint))
    r.test_id = suite_test_id(t->get_string());  // the id of the suite test that mirrors it

  const auto& response = object_at(o, "response", file);
  const auto* body = response.if_contains("body");
  if (body == nullptr) throw RecordingFileError(file, "\"response.body\" is missing");
  json::value payload = unwrap_python_types(*body);
  scrub_secrets(payload, redacted.secrets);
  const auto* streaming = response.if_contains("is_streaming");
  r.response.status = 200;
  r.response.is_streaming = streaming != nullptr && streaming->is_bool() && streaming->get_bool();
  if (r.response.is_streaming) {
    if (!payload.is_array())
      throw RecordingFileError(file, "a streaming \"response.body\" must be a list of chunks");
    r.response.chunks = std::move(payload.get_array());
  } else if (is_model_list_endpoint(http.endpoint) && payload.is_array()) {
    // Python stored the models its client iterated; the upstream sends them wrapped.
    r.response.body = http.endpoint == "/api/tags"
                          ? json::value(json::object{{"models", std::move(payload)}})
                          : json::value(json::object{{"object", "list"}, {"data", std::move(payload)}});
  } else {
    r.response.body = std::move(payload);
  }
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
  std::set<std::string> seen;
  for (const auto& file : files) {
    ++report.files;
    try {
      const auto text = read_file_if_exists(file);
      if (!text) continue;
      boost::system::error_code parse_error;
      const json::value root = parse_json_exact(*text, parse_error);
      if (parse_error) throw RecordingFileError(file, "not valid JSON: " + parse_error.message());
      auto recording = recording_from_python(root, file);
      if (!recording) {
        ++report.unsupported;
        continue;
      }
      const std::string hash = request_hash(*recording);
      const std::string id = ReplayStore::recording_id(hash, *recording);
      if (!seen.insert(id).second) {
        ++report.duplicates;
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
