#pragma once
// McpTestServer: a TEST DOUBLE of an MCP server, written for this project
// (it is not an MCP SDK and not a real server). It speaks the Streamable
// HTTP transport's JSON-RPC as far as the tool runtime uses it, on
// 127.0.0.1, in process, like the Python tests' make_mcp_server fixture:
// initialize (answering Mcp-Session-Id, then asking for it on every later
// request), notifications/initialized (202), tools/list (paged when
// page_size is set, nextCursor following) and tools/call (the test's
// handler). Everything it answers is deterministic (the session id counts,
// no clock, no random), so recordings made against it are the same bytes
// each run. A tool marked `sse` is answered as a text/event-stream (a
// notification event first, then the response), every other answer as
// application/json, so both forms of the transport are exercised.
//
// Beast stays out of this header; see the .cpp.
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llama_stack::testing {

struct McpTestTool {
  std::string name;
  std::string description;
  boost::json::object input_schema;
  std::optional<boost::json::object> output_schema{};
  // The tool's result for the call's arguments. An object is answered as
  // FastMCP answers a dict: a text item holding its JSON and
  // structuredContent. A handler throwing std::runtime_error is answered
  // isError with the message as text.
  std::function<boost::json::value(const boost::json::object& arguments)> handler{};
  // The handler returns the content list itself (images, several items).
  bool returns_content = false;
  bool sse = false;
};

// The error a handler throws to be answered as a JSON-RPC error.
struct McpRpcError {
  int code;
  std::string message;
};

struct McpTestServerOptions {
  std::vector<McpTestTool> tools;
  // When set, a request without "Authorization: Bearer <token>" is a 401.
  std::optional<std::string> required_token{};
  // Tools per tools/list page; 0: all in one.
  std::size_t page_size = 0;
  std::string path = "/mcp";
};

class McpTestServer {
 public:
  // Binds 127.0.0.1 on a free port and serves on a background thread.
  explicit McpTestServer(McpTestServerOptions options);
  ~McpTestServer();  // stops
  McpTestServer(const McpTestServer&) = delete;
  McpTestServer& operator=(const McpTestServer&) = delete;

  std::string url() const;  // "http://127.0.0.1:<port>/mcp"
  // Closes the listener and every connection: the server is gone.
  void stop();
  // The next request is answered with this instead (status, Content-Type,
  // body as given): malformed and cut answers.
  void answer_next_with(int status, std::string content_type, std::string body);

  // Per request served: the JSON-RPC method ("" when the body had none) and
  // whether an Authorization header came.
  struct Seen {
    std::string method;
    std::optional<std::string> authorization;
    std::optional<std::string> session_id;
  };
  std::vector<Seen> seen() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The tools of the Python fixture make_mcp_server's default: greet_everyone
// and get_boiling_point.
std::vector<McpTestTool> default_mcp_tools();

}  // namespace llama_stack::testing
