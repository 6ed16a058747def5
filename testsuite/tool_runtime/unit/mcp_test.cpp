// remote::model-context-protocol against the loopback MCP test double
// (testsuite/support/mcp_test_server, ours): both answer forms, paging, the
// session id, credentials from provider data, every failure a typed error
// naming the URI without the credential, and the recorder keeping the
// Authorization header out of its files.
#include "providers/tool_runtime/mcp/mcp_tool_runtime.hpp"
#include "stack/http/network_http_client.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "testsuite/support/mcp_test_server.hpp"
#include "testsuite/tool_runtime/unit/fake_upstream.hpp"
#include "testsuite/support/builtin_provider_config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

namespace json = boost::json;
using namespace llama_stack;
using llama_stack::providers::mcp::McpToolRuntime;
using llama_stack::testing::McpRpcError;
using llama_stack::testing::McpTestServer;
using llama_stack::testing::McpTestTool;

namespace {

const char* kToken = "test-token-0123456789";

// A schema as pydantic writes one for nested models: $defs, $ref, anyOf.
json::object booking_schema() {
  return json::parse(R"({"type": "object",
    "$defs": {"Passenger": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]}},
    "properties": {"passengers": {"type": "array", "items": {"$ref": "#/$defs/Passenger"}},
                   "contact": {"anyOf": [{"type": "string", "format": "email"}, {"type": "string"}]}},
    "required": ["passengers"]})").as_object();
}

McpTestTool echo_tool(std::string name, bool sse = false) {
  McpTestTool t{name, "echoes its arguments", json::object{{"type", "object"}}};
  t.handler = [](const json::object& args) -> json::value { return json::object{{"echo", args}}; };
  t.sse = sse;
  return t;
}

std::vector<McpTestTool> tools() {
  McpTestTool book{"book_flight", "Book a flight.", booking_schema(),
                   json::object{{"type", "object"}, {"properties", json::object{{"booking_id", json::object{{"type", "string"}}}}}}};
  book.handler = [](const json::object&) -> json::value { return json::object{{"booking_id", "BK12345"}}; };
  McpTestTool fails{"fails", "always fails", json::object{{"type", "object"}}};
  fails.handler = [](const json::object&) -> json::value { throw std::runtime_error("the flight is full"); };
  McpTestTool rpc_fails{"rpc_fails", "a JSON-RPC error", json::object{{"type", "object"}}};
  rpc_fails.handler = [](const json::object&) -> json::value { throw McpRpcError{-32000, "backend down"}; };
  McpTestTool picture{"picture", "an image and a caption", json::object{{"type", "object"}}};
  picture.returns_content = true;
  picture.handler = [](const json::object&) -> json::value {
    return json::array{json::object{{"type", "image"}, {"data", "aGVsbG8="}, {"mimeType", "image/png"}},
                       json::object{{"type", "text"}, {"text", "a caption"}}};
  };
  McpTestTool audio{"audio", "audio content", json::object{{"type", "object"}}};
  audio.returns_content = true;
  audio.handler = [](const json::object&) -> json::value {
    return json::array{json::object{{"type", "audio"}, {"data", "AAAA"}, {"mimeType", "audio/wav"}}};
  };
  return {book, echo_tool("echo"), echo_tool("echo_sse", true), fails, rpc_fails, picture, audio};
}

json::object auth_data(const std::string& uri) {
  return {{"mcp_headers", json::object{{uri, json::object{{"Authorization", std::string("Bearer ") + kToken}}}}}};
}

struct Fixture {
  explicit Fixture(std::size_t page_size = 0, json::object data = {}, std::shared_ptr<HttpClient> client = nullptr)
      : server({tools(), std::string(kToken), page_size}),
        http(client ? std::move(client) : std::shared_ptr<HttpClient>(make_network_http_client())),
        request(data.empty() ? auth_data(server.url()) : std::move(data)),
        runtime(ProviderContext{"model-context-protocol", "remote::model-context-protocol",
                                llama_stack::testing::builtin_provider_config(
                                    "tool_runtime", "remote::model-context-protocol",
                                    "model-context-protocol", {}),
                                *http, {}, nullptr}),
        group{"mcp::test", "mcp::test", server.url(), {}} {}
  McpTestServer server;
  std::shared_ptr<HttpClient> http;
  // The calls' context: the server's credentials in mcp_headers.
  RequestContext request;
  McpToolRuntime runtime;
  ToolGroupSpec group;
};

std::vector<std::string> methods(const McpTestServer& s) {
  std::vector<std::string> out;
  for (const auto& seen : s.seen()) out.push_back(seen.method);
  return out;
}

std::string what_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("mcp: tools/list after initialize; schemas verbatim; session id and Authorization on every request") {
  Fixture f;
  const auto listed = f.runtime.list_runtime_tools(f.request, f.group);
  REQUIRE(listed.size() == tools().size());
  CHECK(listed[0].name == "book_flight");
  CHECK(listed[0].description == "Book a flight.");
  CHECK(listed[0].input_schema == booking_schema());
  REQUIRE(listed[0].output_schema);
  CHECK(listed[0].output_schema->at("properties").at("booking_id").at("type") == "string");
  CHECK_FALSE(listed[1].output_schema);
  CHECK(listed[0].metadata->at("endpoint") == json::value(f.server.url()));

  CHECK(methods(f.server) == std::vector<std::string>{"initialize", "notifications/initialized", "tools/list"});
  const auto seen = f.server.seen();
  for (const auto& s : seen) CHECK(s.authorization == std::string("Bearer ") + kToken);
  CHECK_FALSE(seen[0].session_id);
  CHECK(seen[1].session_id == "mcp-test-session-1");
  CHECK(seen[2].session_id == "mcp-test-session-1");
}

TEST_CASE("mcp: tools/list follows nextCursor to the last page") {
  Fixture f(2);
  CHECK(f.runtime.list_runtime_tools(f.request, f.group).size() == tools().size());
  const auto m = methods(f.server);
  CHECK(std::count(m.begin(), m.end(), "tools/list") == 4);  // 7 tools, 2 a page
}

TEST_CASE("mcp: tools/call answered as JSON and as an event stream give the same content") {
  Fixture f;
  const json::object args{{"order", json::object{{"items", json::array{1, 2}}}}};
  const auto plain = f.runtime.invoke_tool(f.request, f.group, "echo", args);
  const auto streamed = f.runtime.invoke_tool(f.request, f.group, "echo_sse", args);
  const json::value expected = json::array{json::object{{"type", "text"}, {"text", json::serialize(json::object{{"echo", args}})}}};
  CHECK(plain.content == expected);
  CHECK(streamed.content == expected);  // the notification event before it is not the answer
  CHECK_FALSE(plain.error_message);
  CHECK(plain.error_code == 0);
  CHECK_FALSE(streamed.error_message);
}

TEST_CASE("mcp: images become the Python stack's image items") {
  Fixture f;
  const auto r = f.runtime.invoke_tool(f.request, f.group, "picture", {});
  CHECK(r.content == json::array{json::object{{"type", "image"}, {"image", json::object{{"data", "aGVsbG8="}}}},
                                 json::object{{"type", "text"}, {"text", "a caption"}}});
  CHECK_THROWS_WITH_AS(f.runtime.invoke_tool(f.request, f.group, "audio", {}), doctest::Contains("type 'audio'"),
                       UnsupportedError);
}

TEST_CASE("mcp: isError is the tool's answer with error_message, not an exception") {
  Fixture f;
  const auto r = f.runtime.invoke_tool(f.request, f.group, "fails", {});
  CHECK(r.error_message == "the flight is full");
  CHECK(r.error_code == 1);
}

TEST_CASE("mcp: a JSON-RPC error is a typed error naming the URI") {
  Fixture f;
  const std::string what = what_of([&] { f.runtime.invoke_tool(f.request, f.group, "rpc_fails", {}); });
  CHECK(what.find("JSON-RPC error -32000: backend down") != std::string::npos);
  CHECK(what.find(f.server.url()) != std::string::npos);
  CHECK_THROWS_AS(f.runtime.invoke_tool(f.request, f.group, "rpc_fails", {}), UpstreamError);
  // The server's "unknown tool" (invalid params) is the caller's mistake.
  CHECK_THROWS_WITH_AS(f.runtime.invoke_tool(f.request, f.group, "no_such_tool", {}),
                       doctest::Contains("Unknown tool: no_such_tool"), InvalidRequestError);
}

TEST_CASE("mcp: without the token the server's 401 is one request, an UpstreamError naming the URI, not the token") {
  Fixture f(0, json::object{{"mcp_headers", json::object{{"http://elsewhere:1/mcp", json::object{{"Authorization", std::string("Bearer ") + kToken}}}}}});
  try {
    f.runtime.list_runtime_tools(f.request, f.group);
    FAIL("no error");
  } catch (const UpstreamError& e) {
    CHECK(e.status() == 401);
    const std::string what = e.what();
    CHECK(what.find(f.server.url()) != std::string::npos);
    CHECK(what.find("mcp_headers") != std::string::npos);
    CHECK(what.find(kToken) == std::string::npos);
  }
  CHECK(f.server.seen().size() == 1);  // not retried
  CHECK_FALSE(f.server.seen()[0].authorization);  // another URI's headers are not sent
}

TEST_CASE("mcp: a server that is gone is a ConnectionError naming the URI") {
  Fixture f;
  f.server.stop();
  CHECK_THROWS_WITH_AS(f.runtime.list_runtime_tools(f.request, f.group), doctest::Contains(f.server.url().c_str()),
                       ConnectionError);
}

TEST_CASE("mcp: a body that is not JSON, or a stream cut before the response, is an error, never a result") {
  Fixture f;
  f.server.answer_next_with(200, "application/json", "<html>proxy error</html>");
  CHECK_THROWS_WITH_AS(f.runtime.list_runtime_tools(f.request, f.group), doctest::Contains("not JSON"),
                       BadResponseError);
  f.server.answer_next_with(200, "text/event-stream", "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":0,\"resu");
  CHECK_THROWS_WITH_AS(f.runtime.list_runtime_tools(f.request, f.group),
                       doctest::Contains("without the response to request id 0"), BadResponseError);
  f.server.answer_next_with(200, "application/json", R"({"jsonrpc":"2.0","id":7,"result":{}})");
  CHECK_THROWS_AS(f.runtime.list_runtime_tools(f.request, f.group), BadResponseError);  // another request's answer
}

TEST_CASE("mcp: mcp_headers matches the URI by host and path; a malformed one names the field") {
  using llama_stack::providers::mcp::headers_for;
  const json::object data{{"mcp_headers", json::object{{"https://h:1/mcp?x=1", json::object{{"X-A", "1"}}},
                                                       {"http://other/mcp", json::object{{"X-B", "2"}}}}}};
  CHECK(headers_for(data, "http://h:1/mcp") == HttpHeaders{{"X-A", "1"}});
  CHECK(headers_for({}, "http://h:1/mcp").empty());
  CHECK_THROWS_WITH_AS(headers_for({{"mcp_headers", "x"}}, "http://h/mcp"), doctest::Contains("'mcp_headers'"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(headers_for({{"mcp_headers", json::object{{"http://h/mcp", json::object{{"X", 1}}}}}}, "http://h/mcp"),
                       doctest::Contains("header 'X' must be a string"), InvalidRequestError);
}

TEST_CASE("mcp: a group without mcp_endpoint is refused at registration") {
  Fixture f;
  CHECK_THROWS_WITH_AS(f.runtime.register_tool_group({"mcp::x", "mcp::x", std::nullopt, {}}),
                       doctest::Contains("'mcp_endpoint' is required"), InvalidRequestError);
}

TEST_CASE("mcp: recorded sessions (JSON, 202, event stream) replay without the server; no Authorization in the files") {
  const auto dir = std::filesystem::temp_directory_path() / ("mcp-record-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::size_t listed = 0;
  json::value called;
  std::string uri;
  {
    auto session = std::make_shared<replay::RecordingSession>(replay::InferenceMode::record, dir);
    session->set_test_id("mcp_test::record");
    Fixture f(0, {}, std::make_shared<replay::RecordingHttpClient>(std::shared_ptr<HttpClient>(make_network_http_client()), session));
    uri = f.server.url();
    listed = f.runtime.list_runtime_tools(f.request, f.group).size();
    called = f.runtime.invoke_tool(f.request, f.group, "echo_sse", {{"a", 1}}).content;
  }
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    CHECK(text.str().find(kToken) == std::string::npos);
    CHECK(text.str().find("Authorization") == std::string::npos);
  }
  CHECK(files >= 4);  // initialize, notifications/initialized, tools/list, tools/call
  {
    auto session = std::make_shared<replay::RecordingSession>(replay::InferenceMode::replay, dir);
    session->set_test_id("mcp_test::record");
    Fixture f(0, {}, std::make_shared<replay::RecordingHttpClient>(std::shared_ptr<HttpClient>(make_network_http_client()), session));
    f.server.stop();  // replay alone answers
    CHECK(f.runtime.list_runtime_tools(f.request, f.group).size() == listed);
    CHECK(f.runtime.invoke_tool(f.request, f.group, "echo_sse", {{"a", 1}}).content == called);
  }
  std::filesystem::remove_all(dir);
}

TEST_CASE("mcp: in record mode a body that is not JSON, or a stream cut mid-event, is refused and not recorded") {
  const auto dir = std::filesystem::temp_directory_path() / ("mcp-refuse-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  {
    auto session = std::make_shared<replay::RecordingSession>(replay::InferenceMode::record, dir);
    session->set_test_id("mcp_test::refuse");
    Fixture f(0, {}, std::make_shared<replay::RecordingHttpClient>(std::shared_ptr<HttpClient>(make_network_http_client()), session));
    f.server.answer_next_with(200, "text/html", "<html>proxy error</html>");
    CHECK_THROWS_WITH_AS(f.runtime.list_runtime_tools(f.request, f.group), doctest::Contains("not recorded"),
                         BadResponseError);
    f.server.answer_next_with(200, "text/event-stream", "event: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":0,\"resu");
    CHECK_THROWS_WITH_AS(f.runtime.list_runtime_tools(f.request, f.group), doctest::Contains("not recorded"),
                         BadResponseError);
  }
  std::size_t files = 0;
  if (std::filesystem::exists(dir))
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir))
      if (entry.path().extension() == ".json") ++files;
  CHECK(files == 0);
  std::filesystem::remove_all(dir);
}
