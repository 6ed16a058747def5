// The inference store on its own: completions stored with their input
// messages, listed newest first (or oldest), paged with after/has_more,
// filtered by model, kept across a reopen; an unknown id is a 404 naming it;
// streamed chunks assembled into the completion they add up to (content,
// tool calls by index, finish reason).
#include "stack/apis/inference/chat_completion_assembler.hpp"
#include "stack/apis/inference/inference_store.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>

using namespace llama_stack;
namespace json = boost::json;

namespace {

struct TempDb {
  TempDb() {
    std::string pattern = (std::filesystem::temp_directory_path() / "store-test-XXXXXX").string();
    REQUIRE(::mkdtemp(pattern.data()) != nullptr);
    dir = pattern;
  }
  ~TempDb() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::filesystem::path dir;
};

json::object completion(const std::string& id, std::int64_t created, const std::string& text) {
  return {{"id", id},
          {"object", "chat.completion"},
          {"created", created},
          {"model", "m"},
          {"choices", json::array{json::object{
                          {"index", 0},
                          {"finish_reason", "stop"},
                          {"message", json::object{{"role", "assistant"}, {"content", text}}}}}}};
}

json::array ask(const std::string& text) {
  return {json::object{{"role", "user"}, {"content", text}}};
}

std::vector<std::string> ids(const json::object& list) {
  std::vector<std::string> out;
  for (const auto& c : list.at("data").as_array()) out.emplace_back(c.at("id").as_string());
  return out;
}

}  // namespace

TEST_CASE("inference store: list order, pages, model filter, retrieve, reopen") {
  TempDb tmp;
  const auto db = tmp.dir / "inference_store.db";
  {
    auto store = open_inference_store({{"type", "sqlite"}, {"db_path", db.string()}});
    REQUIRE(store);
    // Same `created` for a and b: the order they were stored in decides.
    store->store(completion("a", 5, "A"), ask("qa"), "ollama/x");
    store->store(completion("b", 5, "B"), ask("qb"), "ollama/y");
    store->store(completion("c", 9, "C"), ask("qc"), "ollama/x");
    CHECK(ids(store->list({})) == std::vector<std::string>{"c", "b", "a"});
    CHECK(ids(store->list({20, "", true, ""})) == std::vector<std::string>{"a", "b", "c"});
    const auto page1 = store->list({2, "", true, ""});
    CHECK(ids(page1) == std::vector<std::string>{"a", "b"});
    CHECK(page1.at("has_more").as_bool());
    CHECK(page1.at("first_id") == "a");
    CHECK(page1.at("last_id") == "b");
    const auto page2 = store->list({2, "b", true, ""});
    CHECK(ids(page2) == std::vector<std::string>{"c"});
    CHECK_FALSE(page2.at("has_more").as_bool());
    CHECK(ids(store->list({20, "c", false, ""})) == std::vector<std::string>{"b", "a"});
    CHECK(ids(store->list({20, "", false, "ollama/x"})) == std::vector<std::string>{"c", "a"});
    CHECK_THROWS_AS(store->list({20, "nope", false, ""}), NotFoundError);
  }
  auto reopened = open_inference_store({{"db_path", db.string()}});
  const auto b = reopened->retrieve("b");
  CHECK(b.at("choices").at(0).at("message").at("content") == "B");
  CHECK(b.at("input_messages").at(0).at("content") == "qb");
  // Stored again (a replayed test): replaced, not duplicated.
  reopened->store(completion("b", 5, "B2"), ask("qb"), "ollama/y");
  CHECK(ids(reopened->list({})).size() == 3);
  CHECK(reopened->retrieve("b").at("choices").at(0).at("message").at("content") == "B2");
  std::string message;
  try {
    reopened->retrieve("chatcmpl-missing");
  } catch (const NotFoundError& e) {
    message = e.what();
  }
  CHECK(message.find("chatcmpl-missing") != std::string::npos);
}

TEST_CASE("inference store: settings it cannot use name inference_store") {
  CHECK(open_inference_store({}) == nullptr);
  CHECK_THROWS_WITH_AS(open_inference_store({{"type", "postgres"}, {"db_path", "/tmp/x"}}),
                       doctest::Contains("inference_store: type 'postgres'"), ConfigError);
  CHECK_THROWS_WITH_AS(open_inference_store({{"type", "sqlite"}}),
                       doctest::Contains("inference_store: db_path"), ConfigError);
  CHECK_THROWS_WITH_AS(
      open_inference_store({{"db_path", "/tmp/x.db"}, {"table_name", "x; DROP TABLE y"}}),
      doctest::Contains("table_name"), ConfigError);
}

TEST_CASE("inference store: streamed chunks assemble into the completion") {
  ChatCompletionAssembler assembler;
  auto chunk = [](json::object delta, json::value finish = nullptr) {
    return json::object{{"id", "chatcmpl-1"}, {"object", "chat.completion.chunk"}, {"created", 7},
                        {"model", "m"},
                        {"choices", json::array{json::object{{"index", 0}, {"delta", std::move(delta)},
                                                             {"finish_reason", finish}}}}};
  };
  assembler.add(chunk({{"role", "assistant"}, {"content", "Hel"}}));
  assembler.add(chunk({{"content", "lo"}}));
  assembler.add(chunk({{"tool_calls", json::array{json::object{
                           {"index", 0}, {"id", "call_1"}, {"type", "function"},
                           {"function", json::object{{"name", "get_weather"}, {"arguments", "{\"ci"}}}}}}}));
  assembler.add(chunk({{"tool_calls", json::array{json::object{
                           {"index", 0}, {"function", json::object{{"arguments", "ty\": \"Tokyo\"}"}}}}}}}));
  assembler.add(chunk({}, "tool_calls"));
  const auto c = assembler.completion();
  CHECK(c.at("id") == "chatcmpl-1");
  CHECK(c.at("object") == "chat.completion");
  CHECK(c.at("created") == 7);
  const auto& choice = c.at("choices").at(0).as_object();
  CHECK(choice.at("finish_reason") == "tool_calls");
  const auto& message = choice.at("message").as_object();
  CHECK(message.at("role") == "assistant");
  CHECK(message.at("content") == "Hello");
  REQUIRE(message.at("tool_calls").as_array().size() == 1);
  const auto& call = message.at("tool_calls").at(0).as_object();
  CHECK(call.at("id") == "call_1");
  CHECK(call.at("function").at("name") == "get_weather");
  CHECK(call.at("function").at("arguments") == "{\"city\": \"Tokyo\"}");
}
