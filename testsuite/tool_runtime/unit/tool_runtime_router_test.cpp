// The tool runtime router over the ResourceTable: unknown groups and tools
// are 404s naming them (the Python stack's messages), registration names
// the bad parameter, tools carry their group, invocations reach the
// provider of the group that lists the tool.
#include "stack/apis/tool_runtime/tool_runtime_router.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

namespace json = boost::json;
using namespace llama_stack;

namespace {

// A provider serving one tool named after it, echoing its call.
class EchoTools final : public ToolRuntimeProvider {
 public:
  explicit EchoTools(std::string tool) : tool_(std::move(tool)) {}
  std::vector<ToolDef> list_runtime_tools(const RequestContext&, const ToolGroupSpec& group) override {
    listed_for.push_back(group.toolgroup_id);
    return {ToolDef{tool_, "echoes", {{"type", "object"}}, std::nullopt, std::nullopt, {}}};
  }
  ToolInvocationResult invoke_tool(const RequestContext&, const ToolGroupSpec& group, const std::string& name,
                                   const json::object& kwargs) override {
    return {json::value(group.toolgroup_id + ":" + name + ":" + json::serialize(kwargs)),
            std::nullopt, std::nullopt, std::nullopt};
  }
  void register_tool_group(const ToolGroupSpec& group) override {
    if (group.args.contains("refuse")) throw InvalidRequestError("refused by the provider");
    registered.push_back(group.toolgroup_id);
  }
  void unregister_tool_group(std::string_view id) override { unregistered.emplace_back(id); }
  std::vector<std::string> listed_for, registered, unregistered;

 private:
  std::string tool_;
};

struct Fixture {
  Fixture() {
    resources.add({"tool_group", "builtin::websearch", "search", {}, {{"args", json::object{}}}, true});
    resources.add({"tool_group", "builtin::rag", "rag-runtime", {}, {}, true});
    resources.add({"shield", "builtin::websearch", "search", {}, {}, true});  // another kind
    router.add_provider("search", search);
    router.add_provider("other", other);
  }
  ResourceTable resources;
  EchoTools search{"web_search"};
  EchoTools other{"other_tool"};
  ToolRuntimeRouter router{resources};
};

}  // namespace

TEST_CASE("listing every tool skips groups whose provider does not run; tools carry their group") {
  Fixture f;
  const auto tools = f.router.list_tools(RequestContext{}, std::nullopt);
  REQUIRE(tools.size() == 1);
  CHECK(tools[0].name == "web_search");
  CHECK(tools[0].toolgroup_id == "builtin::websearch");
}

TEST_CASE("an unknown tool group is a NotFoundError naming it, as the Python stack words it") {
  Fixture f;
  const std::string expected =
      "Tool Group 'mcp::nope' not found. Use 'client.toolgroups.list()' to list available Tool Groups.";
  CHECK_THROWS_WITH_AS(f.router.list_tools(RequestContext{}, std::string("mcp::nope")), expected.c_str(),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(ToolRuntimeRouter::tool_group(f.resources, "mcp::nope"), expected.c_str(),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(f.router.unregister_tool_group("mcp::nope"), expected.c_str(), NotFoundError);
}

TEST_CASE("a group whose provider does not run is a NotFoundError naming the group and the provider") {
  Fixture f;
  CHECK_THROWS_WITH_AS(f.router.list_tools(RequestContext{}, std::string("builtin::rag")),
                       doctest::Contains("tool group 'builtin::rag' is served by provider 'rag-runtime'"),
                       NotFoundError);
}

TEST_CASE("an unknown tool is a NotFoundError naming it") {
  Fixture f;
  const char* expected = "Tool 'no_such_tool' not found. Use 'client.tools.list()' to list available Tools.";
  CHECK_THROWS_WITH_AS(f.router.invoke_tool(RequestContext{}, "no_such_tool", {}), expected, NotFoundError);
  CHECK_THROWS_WITH_AS(f.router.get_tool(RequestContext{}, "no_such_tool"), expected, NotFoundError);
}

TEST_CASE("invoking reaches the provider of the group listing the tool") {
  Fixture f;
  const auto result = f.router.invoke_tool(RequestContext{}, "web_search", {{"query", "q"}});
  CHECK(result.content == R"(builtin::websearch:web_search:{"query":"q"})");
  CHECK(f.router.get_tool(RequestContext{}, "web_search").toolgroup_id == "builtin::websearch");
}

TEST_CASE("register, list its tools, unregister") {
  Fixture f;
  f.router.register_tool_group({"test::other", "other", "http://localhost:9/mcp", {{"a", 1}}});
  CHECK(f.other.registered == std::vector<std::string>{"test::other"});
  const auto group = ToolRuntimeRouter::tool_group(f.resources, "test::other");
  const auto shown = tool_group_json(group);
  CHECK(shown.at("identifier") == "test::other");
  CHECK(shown.at("provider_id") == "other");
  CHECK(shown.at("type") == "tool_group");
  CHECK(shown.at("mcp_endpoint") == json::object{{"uri", "http://localhost:9/mcp"}});
  CHECK(shown.at("args") == json::object{{"a", 1}});
  const auto tools = f.router.list_tools(RequestContext{}, std::string("test::other"));
  REQUIRE(tools.size() == 1);
  CHECK(tools[0].toolgroup_id == "test::other");
  CHECK(f.router.invoke_tool(RequestContext{}, "other_tool", {}).content == "test::other:other_tool:{}");

  f.router.unregister_tool_group("test::other");
  CHECK(f.other.unregistered == std::vector<std::string>{"test::other"});
  CHECK_THROWS_AS(f.router.list_tools(RequestContext{}, std::string("test::other")), NotFoundError);
  CHECK(f.resources.find("shield", "builtin::websearch"));  // other kinds untouched
}

TEST_CASE("registration errors name the parameter") {
  Fixture f;
  CHECK_THROWS_WITH_AS(f.router.register_tool_group({"test::x", "missing", std::nullopt, {}}),
                       doctest::Contains("parameter 'provider_id': no tool_runtime provider 'missing' runs (running: other, search)"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.router.register_tool_group({"builtin::websearch", "search", std::nullopt, {}}),
                       doctest::Contains("parameter 'toolgroup_id': tool group 'builtin::websearch' exists already"),
                       InvalidRequestError);
  CHECK_THROWS_WITH_AS(f.router.register_tool_group({"test::y", "other", std::nullopt, {{"refuse", true}}}),
                       "refused by the provider", InvalidRequestError);
  CHECK_FALSE(f.resources.find("tool_group", "test::y"));
}

TEST_CASE("tool and result JSON are the Python stack's shapes") {
  const auto tool = tool_def_json({"web_search", "d", {{"type", "object"}}, std::nullopt, std::nullopt, "g"});
  CHECK(tool.at("toolgroup_id") == "g");
  CHECK(tool.at("input_schema") == json::object{{"type", "object"}});
  CHECK(tool.at("output_schema").is_null());
  const auto result = tool_invocation_json({json::value("x"), std::string("failed"), 2, std::nullopt});
  CHECK(result.at("content") == "x");
  CHECK(result.at("error_message") == "failed");
  CHECK(result.at("error_code") == 2);
  CHECK(result.at("metadata").is_null());
}
