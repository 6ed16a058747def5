// remote::tavily-search and remote::brave-search: where the key comes from
// and how it travels, what a missing one says, the request each sends and
// how each answer becomes the tool's content (the Python providers' shapes).
#include "providers/tool_runtime/brave_search/brave_search.hpp"
#include "providers/tool_runtime/tavily_search/tavily_search.hpp"
#include "stack/replay/redaction.hpp"
#include "stack/replay/request_key.hpp"
#include "testsuite/tool_runtime/unit/fake_upstream.hpp"
#include "testsuite/support/builtin_provider_config.hpp"

#include <boost/json/parse.hpp>
#include <doctest/doctest.h>

namespace json = boost::json;
using namespace llama_stack;
using llama_stack::testing::FakeUpstream;

namespace {

// Tavily's documented answer: the query echoed, results with title, url,
// content, score.
const char* kTavilyAnswer = R"({"query": "quantum computing", "response_time": 1.2,
  "results": [{"title": "A", "url": "https://a.example", "content": "a", "score": 0.9},
              {"title": "B", "url": "https://b.example", "content": "b", "score": 0.8}]})";

ProviderContext context(const char* id, const char* type, json::object config, HttpClient& http) {
  return ProviderContext{id, type,
                         llama_stack::testing::builtin_provider_config("tool_runtime", type, id, std::move(config)),
                         http, {}, nullptr};
}

const ToolGroupSpec kGroup{"builtin::websearch", "builtin::websearch", std::nullopt, {}};

}  // namespace

TEST_CASE("tavily: lists web_search with the Python provider's schema") {
  FakeUpstream http;
  providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
  const auto tools = tavily.list_runtime_tools(RequestContext{}, kGroup);
  REQUIRE(tools.size() == 1);
  CHECK(tools[0].name == "web_search");
  CHECK(tools[0].input_schema.at("required").as_array() == json::array{"query"});
  CHECK(tools[0].input_schema.at("properties").at("query").at("type") == "string");
  CHECK(http.requests.empty());
}

TEST_CASE("tavily: the key goes in the body, with the query and max_results; content is {query, top_k}") {
  FakeUpstream http(200, kTavilyAnswer);
  providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search",
                                         {{"api_key", "tvly-config-key-123"}, {"max_results", 2}}, http));
  const auto result = tavily.invoke_tool(RequestContext{}, kGroup, "web_search", {{"query", "quantum computing"}});
  REQUIRE(http.requests.size() == 1);
  const auto& sent = http.requests[0];
  CHECK(sent.method == "POST");
  CHECK(sent.url == "https://api.tavily.com/search");
  CHECK(sent.body.at("api_key") == "tvly-config-key-123");
  CHECK(sent.body.at("query") == "quantum computing");
  CHECK(sent.body.at("max_results") == 2);
  CHECK(llama_stack::testing::header(sent, "Authorization") == nullptr);

  REQUIRE(result.content.is_string());
  const auto content = json::parse(result.content.as_string()).as_object();
  CHECK(content.at("query") == "quantum computing");
  REQUIRE(content.at("top_k").as_array().size() == 2);
  CHECK(content.at("top_k").as_array()[0].at("url") == "https://a.example");
  CHECK(content.at("top_k").as_array()[0].at("title") == "A");
  CHECK_FALSE(result.error_message);
}

TEST_CASE("tavily: the caller's provider data tavily_search_api_key is used when sent") {
  FakeUpstream http(200, kTavilyAnswer);
  const RequestContext request(json::object{{"tavily_search_api_key", "tvly-per-request-456"}});
  providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
  tavily.invoke_tool(request, kGroup, "web_search", {{"query", "q"}});
  CHECK(http.requests.at(0).body.at("api_key") == "tvly-per-request-456");
}

TEST_CASE("tavily: no key anywhere is an error naming the provider, the key, its variable and the provider-data field") {
  FakeUpstream http(200, kTavilyAnswer);
  providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {{"api_key", ""}}, http));
  try {
    tavily.invoke_tool(RequestContext{}, kGroup, "web_search", {{"query", "q"}});
    FAIL("expected ProviderConfigError");
  } catch (const ProviderConfigError& e) {
    const std::string what = e.what();
    CHECK(what.find("tavily-search") != std::string::npos);
    CHECK(what.find("'api_key'") != std::string::npos);
    CHECK(what.find("TAVILY_SEARCH_API_KEY") != std::string::npos);
    CHECK(what.find("tavily_search_api_key") != std::string::npos);
  }
  CHECK(http.requests.empty());
}

TEST_CASE("tavily: bad calls and bad answers name what is wrong") {
  const RequestContext request(json::object{{"tavily_search_api_key", "tvly-per-request-456"}});
  SUBCASE("an unknown tool") {
    FakeUpstream http;
    providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
    CHECK_THROWS_WITH_AS(tavily.invoke_tool(request, kGroup, "wolfram_alpha", {{"query", "q"}}),
                         doctest::Contains("no tool 'wolfram_alpha'"), NotFoundError);
  }
  SUBCASE("no query") {
    FakeUpstream http;
    providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
    CHECK_THROWS_WITH_AS(tavily.invoke_tool(request, kGroup, "web_search", {{"q", "x"}}),
                         doctest::Contains("'query' is required"), InvalidRequestError);
    CHECK(http.requests.empty());
  }
  SUBCASE("an answer without results") {
    FakeUpstream http(200, R"({"detail": "odd"})");
    providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
    CHECK_THROWS_WITH_AS(tavily.invoke_tool(request, kGroup, "web_search", {{"query", "q"}}),
                         doctest::Contains("provider 'tavily-search': Tavily's answer has no"), StackError);
  }
  SUBCASE("an upstream refusal") {
    FakeUpstream http(401, R"({"detail": {"error": "Unauthorized: missing or invalid API key."}})");
    providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {}, http));
    CHECK_THROWS_AS(tavily.invoke_tool(request, kGroup, "web_search", {{"query", "q"}}), UpstreamError);
  }
  SUBCASE("max_results below 1") {
    FakeUpstream http;
    CHECK_THROWS_WITH_AS(
        providers::TavilySearch(context("tavily-search", "remote::tavily-search", {{"max_results", 0}}, http)),
        doctest::Contains("'max_results'"), ProviderConfigError);
  }
}

TEST_CASE("tavily: recordings never hold the key, and keys do not depend on it") {
  auto request_with = [&](const char* key) {
    FakeUpstream http(200, kTavilyAnswer);
    providers::TavilySearch tavily(context("tavily-search", "remote::tavily-search", {{"api_key", key}}, http));
    tavily.invoke_tool(RequestContext{}, kGroup, "web_search", {{"query", "q"}});
    return http.requests.at(0);
  };
  const auto one = replay::redact_request(request_with("tvly-first-secret-key"));
  const auto other = replay::redact_request(request_with("tvly-second-secret-key"));
  CHECK(one.body.at("api_key").as_string() == replay::kRedacted);
  CHECK(json::serialize(one.body).find("tvly-first") == std::string::npos);
  CHECK(replay::request_hash("POST", "/search", one.body, std::nullopt) ==
        replay::request_hash("POST", "/search", other.body, std::nullopt));
}

// Brave's documented answer: "mixed.main" ranks entries of the typed
// sections (web results by index, whole lists for videos/news/...).
const char* kBraveAnswer = R"({"type": "search",
  "mixed": {"type": "mixed", "main": [
    {"type": "web", "index": 1, "all": false},
    {"type": "videos", "all": true},
    {"type": "discussions", "all": true},
    {"type": "web", "index": 0, "all": false}]},
  "web": {"type": "search", "results": [
    {"type": "search_result", "title": "W0", "url": "https://w0.example", "description": "d0",
     "profile": {"name": "x"}, "language": "en"},
    {"type": "search_result", "title": "W1", "url": "https://w1.example", "description": "d1",
     "extra_snippets": ["s"], "family_friendly": true}]},
  "videos": {"type": "videos", "results": [
    {"type": "video_result", "title": "V", "url": "https://v.example", "description": "v",
     "thumbnail": {"src": "t"}}]},
  "discussions": {"type": "search", "results": [{"type": "discussion", "title": "D"}]}})";

TEST_CASE("brave: the key in X-Subscription-Token, the query in the URL") {
  FakeUpstream http(200, kBraveAnswer);
  const RequestContext request(json::object{{"brave_search_api_key", "BSA-per-request-key"}});
  providers::BraveSearch brave(context("brave-search", "remote::brave-search", {}, http));
  brave.invoke_tool(request, kGroup, "web_search", {{"query", "llama stack & C++"}});
  REQUIRE(http.requests.size() == 1);
  const auto& sent = http.requests[0];
  CHECK(sent.method == "GET");
  CHECK(sent.url == "https://api.search.brave.com/res/v1/web/search?q=llama%20stack%20%26%20C%2B%2B");
  REQUIRE(llama_stack::testing::header(sent, "X-Subscription-Token") != nullptr);
  CHECK(*llama_stack::testing::header(sent, "X-Subscription-Token") == "BSA-per-request-key");
  const auto redacted = replay::redact_request(sent);
  CHECK_FALSE(redacted.headers.contains("X-Subscription-Token"));
}

TEST_CASE("brave: no key names brave_search_api_key") {
  FakeUpstream http(200, kBraveAnswer);
  providers::BraveSearch brave(context("brave-search", "remote::brave-search", {}, http));
  CHECK_THROWS_WITH_AS(brave.invoke_tool(RequestContext{}, kGroup, "web_search", {{"query", "q"}}),
                       doctest::Contains("brave_search_api_key"), ProviderConfigError);
}

TEST_CASE("brave: ranked results cleaned to their type's fields, max_results of them, one per line") {
  const auto answer = json::parse(kBraveAnswer).as_object();
  const std::string content = providers::brave_content(answer, 3);
  const auto newline = content.find('\n');
  REQUIRE(newline != std::string::npos);
  // The third ranked entry (discussions) has no cleaner and is left out; the
  // fourth is past max_results.
  CHECK(content.find('\n', newline + 1) == std::string::npos);
  const auto first = json::parse(content.substr(0, newline)).as_object();
  CHECK(first == json::object{{"type", "search_result"}, {"title", "W1"},
                              {"url", "https://w1.example"}, {"description", "d1"},
                              {"extra_snippets", json::array{"s"}}});
  const auto second = json::parse(content.substr(newline + 1));
  CHECK(second == json::array{json::object{{"type", "video_result"}, {"url", "https://v.example"},
                                           {"title", "V"}, {"description", "v"}}});
  CHECK(providers::brave_content(answer, 1).find('\n') == std::string::npos);
  CHECK(providers::brave_content(json::object{{"type", "search"}}, 3).empty());
}
