// Route matching over the API table, and the port rule of `llama-stack run`.
#include "stack/routing/request_encoding.hpp"
#include "stack/server/route_match.hpp"
#include "stack/server/stack_server.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::server;

TEST_CASE("routes match by method and path; a last {param} takes the rest of the path") {
  const ApiTable table = ApiTable::builtin();
  auto m = match_route(table, "GET", "/v1/models/ollama/llama3.2:3b?x=1");
  REQUIRE(m.route != nullptr);
  CHECK(m.route->path == "/v1/models/{model_id}");
  CHECK(m.path_params.at("model_id") == "ollama/llama3.2:3b");
  CHECK(match_route(table, "POST", "/v1/openai/v1/chat/completions").route->path ==
        "/v1/chat/completions");
  CHECK(match_route(table, "GET", "/v1/models/").route->path == "/v1/models");
  auto wrong = match_route(table, "PUT", "/v1/models");
  CHECK(wrong.route == nullptr);
  CHECK(wrong.allowed_methods == std::vector<std::string>{"GET", "POST"});
  auto none = match_route(table, "GET", "/v2/models");
  CHECK(none.route == nullptr);
  CHECK(none.allowed_methods.empty());
  CHECK(percent_decode("a%2Fb", "path") == "a/b");
  CHECK_THROWS_AS(percent_decode("a%2", "path"), InvalidRequestError);
  // Every route has a handler: the server serves the whole table.
  for (const auto& api : table.apis())
    for (const auto& r : api.routes) CHECK(static_cast<bool>(r.handler));
}

TEST_CASE("the port: --port, else run.yaml server.port, else LLAMA_STACK_PORT, else 8321") {
  Environment env = Environment::isolated();
  RunConfig config;
  CHECK(server_port(std::nullopt, config, env) == 8321);
  env.set("LLAMA_STACK_PORT", "9001");
  CHECK(server_port(std::nullopt, config, env) == 9001);
  config.server_port = 9002;
  CHECK(server_port(std::nullopt, config, env) == 9002);
  CHECK(server_port(9003, config, env) == 9003);
  config.server_port = 8321;
  env.set("LLAMA_STACK_PORT", "80x");
  CHECK_THROWS_WITH_AS(server_port(std::nullopt, config, env),
                       doctest::Contains("LLAMA_STACK_PORT: '80x'"), InvalidRequestError);
}
