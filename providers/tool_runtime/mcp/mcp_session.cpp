#include "providers/tool_runtime/mcp/mcp_session.hpp"

#include "providers/kits/openai_compat/upstream.hpp"

#include <llama_stack/url_userinfo.hpp>

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace llama_stack::providers::mcp {

namespace json = boost::json;

namespace {

// The path recordings are keyed on: one recording serves the server on any port.
std::string endpoint_of(std::string_view uri) {
  const auto scheme = uri.find("://");
  const auto path = uri.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  if (path == std::string_view::npos) return "/";
  const std::string_view p = uri.substr(path, uri.find_first_of("?#", path) - path);
  return p.empty() ? "/" : std::string(p);
}

std::string excerpt(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out(body.substr(0, kMax));
  if (body.size() > kMax) out += "...";
  return out.empty() ? "(empty body)" : out;
}

bool is_response_to(const json::value& message, std::int64_t id) {
  if (!message.is_object()) return false;
  const auto& o = message.get_object();
  const json::value* v = o.if_contains("id");
  return v != nullptr && v->is_int64() && v->get_int64() == id &&
         (o.contains("result") || o.contains("error"));
}

std::optional<json::object> response_in(const json::value& message, std::int64_t id) {
  if (is_response_to(message, id)) return message.get_object();
  if (message.is_array())  // a JSON-RPC batch
    for (const auto& m : message.get_array())
      if (is_response_to(m, id)) return m.get_object();
  return std::nullopt;
}

[[noreturn]] void not_an_answer(const std::string& uri, int status, const std::string& why,
                                std::string_view body) {
  throw BadResponseError(uri, status, "MCP server " + uri + " answered HTTP " + std::to_string(status) +
                                          " with " + why + ": " + excerpt(body));
}

// The events of a text/event-stream body, in order; an event the body
// ends in the middle of (no blank line after it) was cut and is dropped,
// as the SSE standard has it.
std::vector<std::string> event_data(std::string_view body) {
  std::vector<std::string> events;
  std::string data;
  bool has_data = false;
  std::size_t start = 0;
  while (start < body.size()) {
    auto end = body.find('\n', start);
    if (end == std::string_view::npos) break;  // an unterminated last line
    std::string_view line = body.substr(start, end - start);
    start = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (has_data) events.push_back(std::move(data));
      data.clear();
      has_data = false;
      continue;
    }
    if (line.starts_with("data:")) {
      std::string_view value = line.substr(5);
      if (value.starts_with(' ')) value.remove_prefix(1);
      if (has_data) data += '\n';
      data += value;
      has_data = true;
    }
    // event:, id:, retry: and comments carry nothing the client needs.
  }
  return events;
}

}  // namespace

std::string shown_uri(std::string_view uri) {
  const std::string_view without_query = uri.substr(0, uri.find_first_of("?#"));
  return url_userinfo::hidden(without_query, url_userinfo::find(without_query), "");
}

std::optional<json::object> find_response(const std::string& uri, int status, std::string_view content_type,
                                          std::string_view body, std::int64_t id) {
  bool stream = content_type.find("text/event-stream") != std::string_view::npos;
  if (content_type.empty()) {
    const auto first = body.find_first_not_of(" \t\r\n");
    stream = first != std::string_view::npos && body[first] != '{' && body[first] != '[';
  }
  if (!stream) {
    boost::system::error_code ec;
    const json::value message = json::parse(body, ec);
    if (ec) not_an_answer(uri, status, "a body that is not JSON", body);
    return response_in(message, id);
  }
  if (body.find("data:") == std::string_view::npos)
    not_an_answer(uri, status, "neither JSON nor an event stream", body);
  for (const auto& data : event_data(body)) {
    boost::system::error_code ec;
    const json::value message = json::parse(data, ec);
    if (ec) not_an_answer(uri, status, "an event that is not JSON", data);
    if (auto found = response_in(message, id)) return found;
  }
  return std::nullopt;
}

Session::Session(HttpClient& http, SessionSettings settings)
    : http_(http),
      settings_(std::move(settings)),
      shown_uri_(mcp::shown_uri(settings_.uri)),
      endpoint_(endpoint_of(settings_.uri)) {}

HttpRequest Session::post(json::object message) const {
  HttpRequest r;
  r.method = "POST";
  r.url = settings_.uri;
  r.endpoint = endpoint_;
  // The transport asks clients to take both answer forms.
  r.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json, text/event-stream"}};
  if (session_id_) r.headers.emplace_back("Mcp-Session-Id", *session_id_);
  if (protocol_version_) r.headers.emplace_back("MCP-Protocol-Version", *protocol_version_);
  for (const auto& h : settings_.headers) r.headers.push_back(h);
  r.body = std::move(message);
  r.timeout = settings_.timeout;
  return r;
}

HttpResponse Session::send(const HttpRequest& request, const std::string& method) {
  const std::string what = "provider '" + settings_.provider_id + "': MCP server " + shown_uri_ + " (" + method + ")";
  HttpResponse response;
  try {
    response = http_.send(request);
  } catch (const ConnectionError& e) {
    std::string cause = e.what();
    for (auto pos = cause.find(settings_.uri); pos != std::string::npos;
         pos = cause.find(settings_.uri, pos + shown_uri_.size()))
      cause.replace(pos, settings_.uri.size(), shown_uri_);
    throw ConnectionError(shown_uri_, what + " cannot be reached: " + cause);
  }
  if (response.status >= 200 && response.status < 300) return response;
  std::string message = "MCP server " + shown_uri_ + " refused " + method + ": " +
                        upstream_error_message(response.body);
  // An error body may echo what was sent; the headers hold the credentials.
  for (const auto& [name, value] : settings_.headers)
    for (auto pos = message.find(value); value.size() >= 4 && pos != std::string::npos;
         pos = message.find(value, pos + 10))
      message.replace(pos, value.size(), "<redacted>");
  if (response.status == 401 || response.status == 403)
    message += " (send its credentials in provider data: {\"mcp_headers\": {\"" + shown_uri_ +
               "\": {\"Authorization\": \"Bearer ...\"}}})";
  throw UpstreamError(settings_.provider_id, response.status, message);
}

json::object Session::request(const std::string& method, json::object params) {
  const std::int64_t id = next_id_++;
  json::object message{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}};
  if (!params.empty()) message["params"] = std::move(params);
  const HttpRequest http_request = post(std::move(message));
  const HttpResponse response = send(http_request, method);
  if (const auto sid = header_value(response.headers, "Mcp-Session-Id"); sid && !sid->empty()) session_id_ = std::string(*sid);
  auto found = find_response(shown_uri_, response.status, header_value(response.headers, "Content-Type").value_or(""),
                             response.body, id);
  if (!found)
    throw BadResponseError(shown_uri_, response.status,
                           "MCP server " + shown_uri_ + " answered " + method + " (HTTP " +
                               std::to_string(response.status) + ") without the response to request id " +
                               std::to_string(id) + " (a cut stream?): " + excerpt(response.body));
  if (const json::value* error = found->if_contains("error")) {
    const json::value* code = error->is_object() ? error->get_object().if_contains("code") : nullptr;
    const json::value* text = error->is_object() ? error->get_object().if_contains("message") : nullptr;
    const std::int64_t c = code != nullptr && code->is_int64() ? code->get_int64() : 0;
    const std::string m = "MCP server " + shown_uri_ + " answered " + method + " with JSON-RPC error " +
                          std::to_string(c) + ": " +
                          (text != nullptr && text->is_string() ? std::string(text->get_string())
                                                                : json::serialize(*error));
    // Invalid params / unknown method: the request was wrong, not the server.
    if (c == -32602 || c == -32601) throw InvalidRequestError("provider '" + settings_.provider_id + "': " + m);
    throw UpstreamError(settings_.provider_id, response.status, m);
  }
  const json::value& result = found->at("result");
  if (!result.is_object())
    throw BadResponseError(shown_uri_, response.status,
                           "MCP server " + shown_uri_ + " answered " + method + " with a result that is not an object: " +
                               excerpt(json::serialize(result)));
  return result.get_object();
}

void Session::notify(const std::string& method) {
  send(post(json::object{{"jsonrpc", "2.0"}, {"method", method}}), method);
}

void Session::open() {
  const json::object result = request(
      "initialize", {{"protocolVersion", kProtocolVersion},
                     {"capabilities", json::object{}},
                     {"clientInfo", json::object{{"name", "llama-stack-cpp"}, {"version", "1.0"}}}});
  const json::value* version = result.if_contains("protocolVersion");
  protocol_version_ = version != nullptr && version->is_string() ? std::string(version->get_string())
                                                                 : std::string(kProtocolVersion);
  notify("notifications/initialized");
}

json::array Session::list_tools() {
  json::array tools;
  std::optional<std::string> cursor;
  // A server repeating a cursor would page forever.
  std::vector<std::string> seen;
  for (;;) {
    json::object params;
    if (cursor) params["cursor"] = *cursor;
    json::object page = request("tools/list", std::move(params));
    const json::value* list = page.if_contains("tools");
    if (list == nullptr || !list->is_array())
      throw BadResponseError(shown_uri_, 200, "MCP server " + shown_uri_ + " answered tools/list without a \"tools\" list");
    for (const auto& t : list->get_array()) tools.push_back(t);
    const json::value* next = page.if_contains("nextCursor");
    if (next == nullptr || !next->is_string() || next->get_string().empty()) return tools;
    cursor = std::string(next->get_string());
    if (std::find(seen.begin(), seen.end(), *cursor) != seen.end())
      throw BadResponseError(shown_uri_, 200, "MCP server " + shown_uri_ + " repeated the tools/list cursor '" +
                                                  *cursor + "'");
    seen.push_back(*cursor);
  }
}

json::object Session::call_tool(const std::string& name, const json::object& arguments) {
  return request("tools/call", {{"name", name}, {"arguments", arguments}});
}

}  // namespace llama_stack::providers::mcp
