// tests/integration/tool_runtime/test_mcp_json_schema.py, against the
// loopback MCP test double (testsuite/support/mcp_test_server; the Python
// tests run FastMCP through make_mcp_server). The tools are the Python
// fixtures' with the handlers' answers; their schemas are written out here
// (FastMCP derives them from the Python signatures) and carry the $defs,
// $ref and anyOf the Python tests are about, so preserving them is checked
// value for value. The double listens on loopback, so these run against a
// server too (the Python tests skip without the library client).
#include "testsuite/support/mcp_test_server.hpp"
#include "testsuite/tool_runtime/tool_runtime_support.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <doctest/doctest.h>

namespace {

namespace json = boost::json;
using llama_stack::testing::McpTestServer;
using llama_stack::testing::McpTestTool;
using llama_stack::testing::mcp_auth;
using llama_stack::testing::mcp_provider_or_skip;
using llama_stack::testing::UnregisterAtEnd;

const std::string kAuthToken = "test-token";

json::object schema(const char* text) { return json::parse(text).as_object(); }

json::object book_flight_schema() {
  return schema(R"({"type": "object",
    "$defs": {
      "FlightInfo": {"type": "object", "properties": {"flight_number": {"type": "string"}, "date": {"type": "string", "format": "date"}},
                     "required": ["flight_number", "date"]},
      "Passenger": {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer", "minimum": 0}},
                    "required": ["name"]},
      "Payment": {"type": "object", "properties": {"method": {"type": "string", "enum": ["card", "paypal"]},
                                                   "amount": {"type": "number"}}, "required": ["method", "amount"]}},
    "properties": {"flight": {"$ref": "#/$defs/FlightInfo"},
                   "passengers": {"type": "array", "items": {"$ref": "#/$defs/Passenger"}},
                   "payment": {"$ref": "#/$defs/Payment"}},
    "required": ["flight", "passengers", "payment"]})");
}

json::object process_order_schema() {
  return schema(R"({"type": "object",
    "$defs": {"Address": {"type": "object", "properties": {"street": {"type": "string"}, "city": {"type": "string"},
                                                           "zipcode": {"type": "string"}}, "required": ["street", "city"]}},
    "properties": {"order_data": {"type": "object", "properties": {
        "items": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "quantity": {"type": "integer"}}}},
        "shipping": {"type": "object", "properties": {"address": {"$ref": "#/$defs/Address"}}}}}},
    "required": ["order_data"]})");
}

json::object flexible_contact_schema() {
  return schema(R"({"type": "object",
    "properties": {"contact_info": {"anyOf": [{"type": "string", "format": "email"},
                                              {"type": "string", "pattern": "^\\+?[0-9]{10,15}$"}]}},
    "required": ["contact_info"]})");
}

// The Python fixture mcp_server_with_complex_schemas. process_order answers
// as an event stream, the others as JSON.
std::vector<McpTestTool> complex_tools() {
  McpTestTool book{"book_flight", "Book a flight with passenger and payment information.", book_flight_schema()};
  book.handler = [](const json::object& a) -> json::value {
    return json::object{{"booking_id", "BK12345"}, {"flight", a.contains("flight") ? a.at("flight") : nullptr},
                        {"passengers", a.contains("passengers") ? a.at("passengers") : nullptr},
                        {"payment", a.contains("payment") ? a.at("payment") : nullptr}, {"status", "confirmed"}};
  };
  McpTestTool order{"process_order", "Process an order with nested address information.", process_order_schema()};
  order.handler = [](const json::object& a) -> json::value {
    return json::object{{"order_id", "ORD789"}, {"status", "processing"}, {"data", a.at("order_data")}};
  };
  order.sse = true;
  McpTestTool contact{"flexible_contact", "Accept flexible contact (email or phone).", flexible_contact_schema()};
  contact.handler = [](const json::object& a) -> json::value {
    const std::string info(a.at("contact_info").as_string());
    return json::object{{"type", info.find('@') != std::string::npos ? "email" : "phone"}, {"value", info}};
  };
  return {book, order, contact};
}

// The Python fixture mcp_server_with_output_schemas.
std::vector<McpTestTool> output_schema_tools() {
  McpTestTool weather{"get_weather", "Get weather with structured output.",
                      schema(R"({"type": "object", "properties": {"location": {"type": "string"}}, "required": ["location"]})"),
                      schema(R"({"type": "object", "properties": {"temperature": {"type": "number"}, "conditions": {"type": "string"},
                                 "humidity": {"type": "integer"}, "wind_speed": {"type": "number"}},
                                 "required": ["temperature", "conditions"]})")};
  weather.handler = [](const json::object&) -> json::value {
    return json::object{{"temperature", 72.5}, {"conditions", "Sunny"}, {"humidity", 45}, {"wind_speed", 10.2}};
  };
  McpTestTool calc{"calculate", "Perform calculation with validated output.",
                   schema(R"({"type": "object", "properties": {"x": {"type": "number"}, "y": {"type": "number"},
                              "operation": {"type": "string"}}, "required": ["x", "y", "operation"]})"),
                   schema(R"({"type": "object", "properties": {"result": {"anyOf": [{"type": "number"}, {"type": "null"}]},
                              "operation": {"type": "string"}}})")};
  calc.handler = [](const json::object& a) -> json::value {
    return json::object{{"result", a.at("x").to_number<double>() + a.at("y").to_number<double>()}, {"operation", a.at("operation")}};
  };
  return {weather, calc};
}

// The Python tests' steps before their checks: unregister any leftover,
// register the server's group with model-context-protocol.
void register_group(llama_stack::LlamaStackClient& client, const std::string& provider, const std::string& id,
                    const std::string& uri) {
  for (const auto& g : client.toolgroups.list())
    if (g.identifier == id) client.toolgroups.unregister(id);
  client.toolgroups.register_group(id, provider, uri);
}

const llama_stack::Tool* find_tool(const std::vector<llama_stack::Tool>& tools, std::string_view name) {
  for (const auto& t : tools)
    if (t.name == name) return &t;
  return nullptr;
}

json::object structured(const llama_stack::ToolInvocation& r) {
  REQUIRE(r.content.is_array());
  REQUIRE(r.content.as_array().size() == 1);
  return json::parse(r.content.as_array()[0].at("text").as_string()).as_object();
}

}  // namespace

LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_tools_list_with_schemas) {
  auto& client = t.client();
  const std::string provider = mcp_provider_or_skip(t);
  McpTestServer server({complex_tools(), kAuthToken});
  const std::string id = "mcp::complex_list";
  const std::string uri = server.url();
  UnregisterAtEnd cleanup(client, id);
  register_group(client, provider, id, uri);

  const auto tools = client.tool_runtime.list_tools(id, mcp_auth(uri, kAuthToken));
  REQUIRE(tools.size() > 0);
  CHECK(tools.size() == 3);
  for (const auto& tool : tools) {
    REQUIRE(tool.raw.contains("input_schema"));
    if (tool.input_schema.contains("properties")) CHECK(tool.input_schema.contains("type"));
    CHECK(tool.toolgroup_id == id);
  }
}

LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_schema_with_refs_preserved) {
  auto& client = t.client();
  const std::string provider = mcp_provider_or_skip(t);
  McpTestServer server({complex_tools(), kAuthToken});
  const std::string id = "mcp::complex_refs";
  const std::string uri = server.url();
  UnregisterAtEnd cleanup(client, id);
  register_group(client, provider, id, uri);

  const auto tools = client.tool_runtime.list_tools(id, mcp_auth(uri, kAuthToken));
  const auto* book = find_tool(tools, "book_flight");
  REQUIRE(book != nullptr);
  const auto& s = book->input_schema;
  REQUIRE(s.contains("properties"));
  CHECK(s.at("properties").is_object());
  REQUIRE(s.contains("$defs"));
  for (const auto& [name, def] : s.at("$defs").as_object()) CHECK(def.is_object());
  // Ours: the server's schema comes back value for value.
  CHECK(json::value(s) == json::value(book_flight_schema()));
  const auto* contact = find_tool(tools, "flexible_contact");
  REQUIRE(contact != nullptr);
  CHECK(json::value(contact->input_schema) == json::value(flexible_contact_schema()));
}

LLAMA_STACK_CLASS_TEST(TestMCPSchemaPreservation, test_mcp_output_schema_preserved) {
  auto& client = t.client();
  const std::string provider = mcp_provider_or_skip(t);
  McpTestServer server({output_schema_tools(), kAuthToken});
  const std::string id = "mcp::with_output";
  const std::string uri = server.url();
  UnregisterAtEnd cleanup(client, id);
  register_group(client, provider, id, uri);

  const auto tools = client.tool_runtime.list_tools(id, mcp_auth(uri, kAuthToken));
  const auto* weather = find_tool(tools, "get_weather");
  REQUIRE(weather != nullptr);
  REQUIRE(weather->raw.contains("output_schema"));
  const auto& output = weather->raw.at("output_schema");
  REQUIRE(output.is_object());
  if (output.as_object().contains("properties")) CHECK(output.as_object().contains("type"));
  CHECK(output == json::value(*output_schema_tools()[0].output_schema));
}

LLAMA_STACK_CLASS_TEST(TestMCPToolInvocation, test_invoke_mcp_tool_with_nested_data) {
  auto& client = t.client();
  const std::string provider = mcp_provider_or_skip(t);
  McpTestServer server({complex_tools(), kAuthToken});
  const std::string id = "mcp::complex_invoke_nested";
  const std::string uri = server.url();
  UnregisterAtEnd cleanup(client, id);
  register_group(client, provider, id, uri);
  const auto auth = mcp_auth(uri, kAuthToken);

  client.tool_runtime.list_tools(id, auth);
  const json::object order_data = json::parse(R"({
    "items": [{"name": "Widget", "quantity": 2}, {"name": "Gadget", "quantity": 1}],
    "shipping": {"address": {"street": "123 Main St", "city": "San Francisco", "zipcode": "94102"}}})").as_object();
  const auto result = client.tool_runtime.invoke_tool("process_order", {{"order_data", order_data}}, auth);
  CHECK_FALSE(result.content.is_null());
  CHECK_FALSE(result.error_message);
  // Ours: the answer (sent as an event stream) is the tool's, nested data intact.
  const auto answer = structured(result);
  CHECK(answer.at("order_id") == "ORD789");
  CHECK(answer.at("data") == json::value(order_data));
}

LLAMA_STACK_CLASS_TEST(TestMCPToolInvocation, test_invoke_with_flexible_schema) {
  auto& client = t.client();
  const std::string provider = mcp_provider_or_skip(t);
  McpTestServer server({complex_tools(), kAuthToken});
  const std::string id = "mcp::complex_invoke_flexible";
  const std::string uri = server.url();
  UnregisterAtEnd cleanup(client, id);
  register_group(client, provider, id, uri);
  const auto auth = mcp_auth(uri, kAuthToken);

  client.tool_runtime.list_tools(id, auth);
  const auto email = client.tool_runtime.invoke_tool("flexible_contact", {{"contact_info", "user@example.com"}}, auth);
  CHECK_FALSE(email.error_message);
  const auto phone = client.tool_runtime.invoke_tool("flexible_contact", {{"contact_info", "+15551234567"}}, auth);
  CHECK_FALSE(phone.error_message);
  CHECK(structured(email).at("type") == "email");
  CHECK(structured(phone).at("type") == "phone");
}

LLAMA_STACK_CLASS_TEST(TestAgentWithMCPTools, test_agent_with_complex_mcp_tool, "text-model") {
  t.skip("skipped in the Python suite too (\"we need tool call recording for this test since session_id is "
         "injected\"); it also needs the agents API, which this project does not build yet");
}
