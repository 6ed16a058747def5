#include "stack/replay/python_error_answer.hpp"

#include "stack/replay/recording.hpp"

#include <boost/json/string.hpp>

#include <string_view>

namespace llama_stack::replay {

namespace json = boost::json;

namespace {

std::string_view string_or_empty(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string_view(v->get_string()) : std::string_view();
}

// The SDK that raised: "provider", else the exception's module (a format
// that only named it so).
std::string_view provider_of(const json::object& data) {
  if (auto p = string_or_empty(data, "provider"); !p.empty()) return p;
  const std::string_view module = string_or_empty(data, "module");
  for (std::string_view sdk : {"openai", "ollama"})
    if (module == sdk || module.starts_with(std::string(sdk) + ".")) return sdk;
  return {};
}

// The OpenAI SDK keeps `body.get("error", body)` of the JSON it received and
// words its message "Error code: <status> - <that JSON as a Python dict>";
// a body that was not JSON is kept as its text.
json::value openai_error_body(const json::value& body, std::string_view message, int status) {
  if (!body.is_object()) return body;
  const std::string wrapped = "Error code: " + std::to_string(status) + " - {'error': ";
  if (message.starts_with(wrapped)) return json::object{{"error", body}};
  return body;
}

// Ollama's ResponseError keeps the "error" text of {"error": "..."} and
// prints itself as "<error> (status code: <status>)".
json::value ollama_error_body(std::string_view message, int status) {
  const std::string suffix = " (status code: " + std::to_string(status) + ")";
  if (message.ends_with(suffix)) message.remove_suffix(suffix.size());
  return json::object{{"error", message}};
}

}  // namespace

std::variant<UpstreamAnswer, std::string> python_error_answer(const json::object& response) {
  if (const auto* s = response.if_contains("is_streaming"); s && s->is_bool() && s->get_bool())
    return std::string("an error in the middle of a stream: our recordings keep whole streams only");
  const json::value* data_value = response.if_contains("exception_data");
  if (data_value == nullptr || !data_value->is_object())
    return std::string(
        "an error recorded without exception_data (older Python format): its HTTP status is "
        "unknown");
  const json::object& data = data_value->get_object();
  const std::string_view category = string_or_empty(data, "category");
  const json::value* status_value = data.if_contains("status_code");
  if ((!category.empty() && category != "provider_sdk") || status_value == nullptr ||
      !status_value->is_int64() || status_value->get_int64() < 400 ||
      status_value->get_int64() > 599)
    return std::string(
        "an error that is no upstream answer (no HTTP error status: raised inside the Python "
        "stack, or a connection error)");
  const int status = static_cast<int>(status_value->get_int64());
  if (!is_recordable_status(status))
    return std::string(kTransientFailureSkipped);

  const std::string_view message = string_or_empty(data, "message");
  const std::string_view provider = provider_of(data);
  const json::value* body = data.if_contains("body");
  if (provider == "ollama") return UpstreamAnswer{status, ollama_error_body(message, status)};
  if (provider == "openai" && body != nullptr && !body->is_null())
    return UpstreamAnswer{status, openai_error_body(*body, message, status)};
  return std::string(
      "an error whose upstream payload cannot be rebuilt (none recorded, or from an SDK whose "
      "error shape is unknown)");
}

}  // namespace llama_stack::replay
