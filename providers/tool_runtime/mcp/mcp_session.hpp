#pragma once
// One MCP client session over the Streamable HTTP transport (MCP spec
// 2025-03-26 / 2025-06-18): JSON-RPC requests POSTed to the server's URI,
// each answered as application/json or as a text/event-stream whose events
// carry the response (with the request's id) among notifications. The
// session id the server hands out in Mcp-Session-Id goes back with every
// later request.
//
// Every call goes through the stack's HttpClient, so sessions are recorded
// and replayed like any upstream call. Request ids count from 0 in each
// session and the bodies hold nothing random: the same steps send the same
// bytes, so re-recording writes the same files. A replayed answer carries no
// headers; the format is then read off the body.
#include <llama_stack/http_client.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace llama_stack::providers::mcp {

inline constexpr const char* kProtocolVersion = "2025-06-18";

struct SessionSettings {
  std::string provider_id;
  std::string uri;       // the server's endpoint ("http://host:port/mcp")
  HttpHeaders headers;   // the caller's, for this URI (Authorization, ...)
  std::chrono::milliseconds timeout{};  // the provider's declared timeout key
};

class Session {
 public:
  Session(HttpClient& http, SessionSettings settings);

  // initialize, then notifications/initialized. Every error below names the
  // URI (never a header value): UpstreamError for an HTTP error status (a
  // 401 is not retried) or a JSON-RPC error, ConnectionError for a server
  // that cannot be reached, BadResponseError for an answer that is not the
  // JSON-RPC response (not JSON, a stream cut before it).
  void open();
  // tools/list, following nextCursor until the last page.
  boost::json::array list_tools();
  // tools/call: the CallToolResult object.
  boost::json::object call_tool(const std::string& name, const boost::json::object& arguments);

  // The URI as errors show it: no userinfo, no query.
  const std::string& shown_uri() const noexcept { return shown_uri_; }

 private:
  boost::json::object request(const std::string& method, boost::json::object params);
  void notify(const std::string& method);
  HttpRequest post(boost::json::object message) const;
  HttpResponse send(const HttpRequest& request, const std::string& method);

  HttpClient& http_;
  SessionSettings settings_;
  std::string shown_uri_;
  std::string endpoint_;  // the URI's path: what recordings are keyed on
  std::optional<std::string> session_id_;
  std::optional<std::string> protocol_version_;
  std::int64_t next_id_ = 0;
};

// The JSON-RPC response to request `id` in an answer body: the body itself
// (application/json) or one event of a text/event-stream. `content_type` is
// the answer's header, empty when unknown (a replayed answer). nullopt when
// the body holds no such response; throws BadResponseError (`uri`) when the
// body is neither JSON nor an event stream.
std::optional<boost::json::object> find_response(const std::string& uri, int status,
                                                 std::string_view content_type,
                                                 std::string_view body, std::int64_t id);

// "https://user:pw@host/mcp?token=x" -> "https://host/mcp".
std::string shown_uri(std::string_view uri);

}  // namespace llama_stack::providers::mcp
