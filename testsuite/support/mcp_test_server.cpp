// The loopback MCP test double (see the header). One io_context thread
// serves every connection; the tools' handlers run on it.
#include "testsuite/support/mcp_test_server.hpp"

#include "testsuite/support/loopback_listener.hpp"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <mutex>
#include <stdexcept>

namespace llama_stack::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

namespace {

struct Reply {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::optional<std::string> session_id;
};

Reply json_reply(unsigned status, const json::value& body) { return {status, "application/json", json::serialize(body), {}}; }

json::object rpc_result(const json::value& id, json::value result) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

json::object rpc_error(const json::value& id, int code, std::string message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", json::object{{"code", code}, {"message", std::move(message)}}}};
}

json::object tool_json(const McpTestTool& t) {
  json::object o{{"name", t.name}, {"description", t.description}, {"inputSchema", t.input_schema}};
  if (t.output_schema) o["outputSchema"] = *t.output_schema;
  return o;
}

json::object call_result(const McpTestTool& tool, const json::object& arguments) {
  try {
    json::value out = tool.handler(arguments);
    if (tool.returns_content) return {{"content", std::move(out)}, {"isError", false}};
    json::object result{{"content", json::array{json::object{{"type", "text"}, {"text", json::serialize(out)}}}},
                        {"isError", false}};
    if (out.is_object()) result["structuredContent"] = std::move(out);
    return result;
  } catch (const std::runtime_error& e) {
    return {{"content", json::array{json::object{{"type", "text"}, {"text", e.what()}}}}, {"isError", true}};
  }
}

}  // namespace

struct McpTestServer::Impl {
  McpTestServerOptions options;
  mutable std::mutex mutex;
  std::vector<Seen> seen;
  std::optional<Reply> next_reply;
  std::vector<std::string> sessions;
  std::optional<LoopbackListener> listener;
  std::uint16_t port = 0;  // kept after stop(): the URL of a gone server

  const McpTestTool* tool(std::string_view name) const {
    for (const auto& t : options.tools)
      if (t.name == name) return &t;
    return nullptr;
  }

  Reply rpc(const json::object& message, const std::optional<std::string>& session) {
    const json::value id = message.contains("id") ? message.at("id") : json::value(nullptr);
    const std::string method = message.contains("method") && message.at("method").is_string()
                                   ? std::string(message.at("method").get_string())
                                   : "";
    if (method == "initialize") {
      std::string sid;
      {
        std::lock_guard lock(mutex);
        sid = "mcp-test-session-" + std::to_string(sessions.size() + 1);
        sessions.push_back(sid);
      }
      const json::object& params = message.contains("params") ? message.at("params").as_object() : json::object{};
      json::value version = params.contains("protocolVersion") ? params.at("protocolVersion") : json::value("2025-06-18");
      Reply r = json_reply(200, rpc_result(id, json::object{{"protocolVersion", version},
                                                           {"capabilities", json::object{{"tools", json::object{{"listChanged", false}}}}},
                                                           {"serverInfo", json::object{{"name", "mcp-test-double"}, {"version", "1"}}}}));
      r.session_id = sid;
      return r;
    }
    {
      // As the MCP SDK's server: a request of no known session is refused.
      std::lock_guard lock(mutex);
      if (!session) return json_reply(400, rpc_error(id, -32000, "Bad Request: No valid session ID provided"));
      if (std::find(sessions.begin(), sessions.end(), *session) == sessions.end())
        return json_reply(404, rpc_error(id, -32001, "Session not found"));
    }
    if (!message.contains("id")) return {202, "application/json", "", {}};  // a notification
    if (method == "tools/list") {
      std::size_t start = 0;
      if (const auto* p = message.if_contains("params"); p && p->is_object())
        if (const auto* c = p->get_object().if_contains("cursor"); c && c->is_string())
          start = std::stoul(std::string(c->get_string()));
      const std::size_t n = options.tools.size();
      const std::size_t end = options.page_size == 0 ? n : std::min(n, start + options.page_size);
      json::array tools;
      for (std::size_t i = start; i < end; ++i) tools.push_back(tool_json(options.tools[i]));
      json::object page{{"tools", std::move(tools)}};
      if (end < n) page["nextCursor"] = std::to_string(end);
      return json_reply(200, rpc_result(id, std::move(page)));
    }
    if (method == "tools/call") {
      const json::object& params = message.at("params").as_object();
      const std::string name(params.at("name").as_string());
      const McpTestTool* t = tool(name);
      if (t == nullptr) return json_reply(200, rpc_error(id, -32602, "Unknown tool: " + name));
      const json::object arguments = params.contains("arguments") ? params.at("arguments").as_object() : json::object{};
      json::object answer;
      try {
        answer = rpc_result(id, call_result(*t, arguments));
      } catch (const McpRpcError& e) {
        answer = rpc_error(id, e.code, e.message);
      }
      if (!t->sse) return json_reply(200, answer);
      // A log notification before the response, as servers interleave them.
      const json::object note{{"jsonrpc", "2.0"}, {"method", "notifications/message"},
                              {"params", json::object{{"level", "info"}, {"data", "calling " + name}}}};
      return {200, "text/event-stream",
              "event: message\ndata: " + json::serialize(note) + "\n\nevent: message\ndata: " +
                  json::serialize(answer) + "\n\n",
              {}};
    }
    return json_reply(200, rpc_error(id, -32601, "Method not found: " + method));
  }

  Reply answer(const bhttp::request<bhttp::string_body>& req) {
    const auto header = [&req](std::string_view name) -> std::optional<std::string> {
      auto it = req.find(name);
      if (it == req.end()) return std::nullopt;
      return std::string(it->value());
    };
    const auto authorization = header("Authorization");
    const auto session = header("Mcp-Session-Id");
    json::object message;
    boost::system::error_code ec;
    json::value parsed = json::parse(req.body(), ec);
    if (!ec && parsed.is_object()) message = std::move(parsed.as_object());
    {
      std::lock_guard lock(mutex);
      const auto* m = message.if_contains("method");
      seen.push_back({m && m->is_string() ? std::string(m->get_string()) : "", authorization, session});
      if (next_reply) {
        Reply r = std::move(*next_reply);
        next_reply.reset();
        return r;
      }
    }
    if (req.target() != options.path) return json_reply(404, json::object{{"error", "no such path"}});
    if (req.method() != bhttp::verb::post) return json_reply(405, json::object{{"error", "POST only"}});
    if (options.required_token && authorization != "Bearer " + *options.required_token)
      return json_reply(401, json::object{{"error", "invalid_token"}, {"error_description", "Authentication required"}});
    if (ec || message.empty()) return json_reply(400, rpc_error(nullptr, -32700, "Parse error"));
    return rpc(message, session);
  }

  asio::awaitable<void> serve(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    boost::system::error_code ec;
    auto on_error = asio::redirect_error(asio::use_awaitable, ec);
    for (;;) {
      bhttp::request<bhttp::string_body> req;
      co_await bhttp::async_read(stream, buffer, req, on_error);
      if (ec) break;
      Reply reply;
      try {
        reply = answer(req);
      } catch (const std::exception& e) {
        reply = json_reply(500, json::object{{"error", std::string("mcp-test-double: ") + e.what()}});
      }
      bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(reply.status), req.version()};
      res.set(bhttp::field::content_type, reply.content_type);
      if (reply.session_id) res.set("Mcp-Session-Id", *reply.session_id);
      res.keep_alive(req.keep_alive());
      res.body() = std::move(reply.body);
      res.prepare_payload();
      co_await bhttp::async_write(stream, res, on_error);
      if (ec || !req.keep_alive()) break;
    }
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  }
};

McpTestServer::McpTestServer(McpTestServerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->listener.emplace("mcp-test-double", 0, false,
                          [impl = impl_.get()](tcp::socket socket) { return impl->serve(std::move(socket)); });
  impl_->port = impl_->listener->port();
}

McpTestServer::~McpTestServer() { stop(); }

void McpTestServer::stop() { impl_->listener.reset(); }

std::string McpTestServer::url() const {
  return "http://127.0.0.1:" + std::to_string(impl_->port) + impl_->options.path;
}

void McpTestServer::answer_next_with(int status, std::string content_type, std::string body) {
  std::lock_guard lock(impl_->mutex);
  impl_->next_reply = Reply{static_cast<unsigned>(status), std::move(content_type), std::move(body), {}};
}

std::vector<McpTestServer::Seen> McpTestServer::seen() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->seen;
}

std::vector<McpTestTool> default_mcp_tools() {
  McpTestTool greet{"greet_everyone", "Greets everyone at the given url.",
                    json::object{{"type", "object"},
                                 {"properties", json::object{{"url", json::object{{"type", "string"}, {"title", "Url"}}}}},
                                 {"required", json::array{"url"}}}};
  greet.handler = [](const json::object&) -> json::value {
    return json::array{json::object{{"type", "text"}, {"text", "Hello, world!"}}};
  };
  greet.returns_content = true;
  McpTestTool boiling{"get_boiling_point", "Returns the boiling point of a liquid in Celsius or Fahrenheit.",
                      json::object{{"type", "object"},
                                   {"properties", json::object{{"liquid_name", json::object{{"type", "string"}}},
                                                               {"celsius", json::object{{"type", "boolean"}, {"default", true}}}}},
                                   {"required", json::array{"liquid_name"}}}};
  boiling.handler = [](const json::object& args) -> json::value {
    const bool celsius = !args.contains("celsius") || args.at("celsius") != json::value(false);
    if (args.contains("liquid_name") && args.at("liquid_name") == "myawesomeliquid") return celsius ? -100 : -212;
    return -1;
  };
  return {greet, boiling};
}

}  // namespace llama_stack::testing
