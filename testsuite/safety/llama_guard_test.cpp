// inline::llama-guard on its own: the prompt is byte for byte the one the
// Python provider sent in the captured exchanges (testsuite/fixtures/captures/
// safety), the verdict parser never reads a malformed answer as "safe", and
// the provider asks its model through the inference API as Python does.
#include "providers/safety/llama_guard/llama_guard_prompt.hpp"
#include "providers/safety/llama_guard/llama_guard_safety.hpp"
#include "providers/safety/llama_guard/llama_guard_verdict.hpp"
#include "testsuite/support/capture_file.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <filesystem>

using namespace llama_stack;
using namespace llama_stack::llama_guard;
namespace json = boost::json;

namespace {

json::array user_says(std::string text) {
  return json::array{json::object{{"role", "user"}, {"content", std::move(text)}}};
}

std::string prompt_of(const json::array& conversation, std::string_view model = "llama-guard3:1b",
                      const std::vector<std::string>& excluded = {}) {
  return build_prompt(conversation_for_shield(conversation), categories_for_model(model), excluded);
}

// Answers every chat completion with `answer`, keeping what it was asked and
// the provider data each call came with.
class FakeInference final : public InferenceApi {
 public:
  std::string answer = "safe";
  std::vector<json::object> asked;
  std::vector<json::object> provider_data;

  json::object chat_completion(const RequestContext& context, const json::object& params) override {
    asked.push_back(params);
    provider_data.push_back(context.provider_data());
    return {{"choices", json::array{json::object{
                            {"message", json::object{{"role", "assistant"}, {"content", answer}}}}}}};
  }
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext&, const json::object&) override {
    return nullptr;
  }
  json::object completion(const RequestContext&, const json::object&) override { return {}; }
  std::unique_ptr<JsonStream> completion_stream(const RequestContext&, const json::object&) override { return nullptr; }
  json::object embeddings(const RequestContext&, const json::object&) override { return {}; }
};

class CountingIds final : public IdMinter {
 public:
  std::string mint(std::string_view prefix) override { return std::string(prefix) + "0001"; }
};

}  // namespace

TEST_CASE("the prompt is the one of every captured Python exchange") {
  int compared = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(testing::fixture_dir() / "captures" / "safety")) {
    const auto capture = testing::read_capture_file(entry.path());
    if (capture.request.at("endpoint") != "/v1/chat/completions") continue;
    const json::object& body = capture.request.at("body").as_object();
    // The older captures were made before the provider set temperature 0.
    if (!body.contains("temperature")) continue;
    CAPTURE(entry.path().filename().string());
    const std::string sent(body.at("messages").as_array()[0].at("content").as_string());
    // The user's text sits between the conversation markers.
    const std::string open = "<BEGIN CONVERSATION>\n\nUser: ";
    const auto from = sent.find(open) + open.size();
    const std::string example = sent.substr(from, sent.find("\n\n<END CONVERSATION>") - from);
    CHECK(prompt_of(user_says(example)) == sent);
    CHECK(body.at("stream") == false);
    CHECK(body.at("temperature").to_number<double>() == 0.0);
    ++compared;
  }
  CHECK(compared >= 20);
}

TEST_CASE("categories: excluded ones are left out, all of them excluded leaves none out") {
  const std::string some = prompt_of(user_says("hi"), "llama-guard3:1b", {"S1", "S14"});
  CHECK(some.find("S1: Violent Crimes.") == std::string::npos);
  CHECK(some.find("S14:") == std::string::npos);
  CHECK(some.find("\nS2: Non-Violent Crimes.\n") != std::string::npos);
  std::vector<std::string> every;
  for (const auto& c : all_categories()) every.emplace_back(c.code);
  CHECK(prompt_of(user_says("hi"), "llama-guard3:1b", every) == prompt_of(user_says("hi")));
  // Llama Guard 3 1B by its Llama name knows thirteen.
  CHECK(prompt_of(user_says("hi"), "Llama-Guard-3-1B").find("S14:") == std::string::npos);
  CHECK(prompt_of(user_says("hi"), "Llama-Guard-3-8B").find("S14: Code Interpreter Abuse.") !=
        std::string::npos);
  CHECK_THROWS_WITH_AS(check_excluded({"S1", "S15"}), doctest::Contains("'S15'"),
                       InvalidRequestError);
}

TEST_CASE("the conversation: roles, a leading non-user message, content parts") {
  json::array turns{json::object{{"role", "tool"}, {"content", "42"}},
                    json::object{{"role", "assistant"}, {"content", "The answer is 42."}}};
  const std::string p = prompt_of(turns);
  CHECK(p.find("User: 42\n\nAssistant: The answer is 42.") != std::string::npos);
  CHECK(p.starts_with("Task: Check if there is unsafe content in 'Assistant' messages"));
  CHECK(p.find("ONLY THE LAST Assistant message") != std::string::npos);
  // Two leading user messages: the first is dropped, as the Python provider does.
  json::array two{json::object{{"role", "user"}, {"content", "first"}},
                  json::object{{"role", "user"}, {"content", "second"}}};
  CHECK(prompt_of(two).find("first") == std::string::npos);
  json::array parts{json::object{
      {"role", "user"},
      {"content", json::array{json::object{{"type", "text"}, {"text", "Tell me how to assemble this"}},
                              json::object{{"type", "image_url"},
                                           {"image_url", json::object{{"url", "data:x"}}}}}}}};
  CHECK(prompt_of(parts).find("User: Tell me how to assemble this <image>\n") != std::string::npos);
  json::array odd{json::object{{"role", "user"}, {"content", json::array{json::object{{"type", "audio"}}}}}};
  CHECK_THROWS_WITH_AS(prompt_of(odd), doctest::Contains("audio"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(conversation_for_shield({}), doctest::Contains("'messages'"),
                       InvalidRequestError);
}

TEST_CASE("the vision model gets the most recent user image before the prompt") {
  json::array turns{json::object{
      {"role", "user"},
      {"content", json::array{json::object{{"type", "image_url"}, {"image_url", {{"url", "data:old"}}}},
                              json::object{{"type", "text"}, {"text", "and this"}},
                              json::object{{"type", "image_url"}, {"image_url", {{"url", "data:new"}}}}}}}};
  const auto message = shield_input_message(turns, "Llama-Guard-3-11B-Vision", {});
  const auto& content = message.at("content").as_array();
  REQUIRE(content.size() == 2);
  CHECK(content[0].at("image_url").at("url") == "data:old");
  CHECK(content[1].at("text").as_string().find("User: <image> and this\n") != std::string::npos);
  CHECK(shield_input_message(turns, "llama-guard3:1b", {}).at("content").is_string());
}

TEST_CASE("verdicts: safe, unsafe with categories, and malformed answers are errors") {
  CHECK_FALSE(parse_verdict("safe").unsafe);
  CHECK_FALSE(parse_verdict("  safe\n").unsafe);
  auto v = parse_verdict("unsafe\nS1,S2");
  CHECK(v.unsafe);
  CHECK(v.codes_text == "S1,S2");
  CHECK(v.codes == std::vector<std::string>{"S1", "S2"});
  CHECK(parse_verdict("\nunsafe\nS13\n").codes == std::vector<std::string>{"S13"});
  for (const char* bad : {"", "unsafe", "Safe.", "maybe", "unsafe\nS99", "unsafe\nS1\nS2",
                          "unsafe\nS1,", "safe\nS1", "I cannot judge this."}) {
    CAPTURE(bad);
    CHECK_THROWS_WITH_AS(parse_verdict(bad), doctest::Contains("cannot read the model's verdict"),
                         StackError);
  }
  CHECK(only_excluded(parse_verdict("unsafe\nS1,S2"), {"S2", "S1"}));
  CHECK_FALSE(only_excluded(parse_verdict("unsafe\nS1,S2"), {"S1"}));
}

TEST_CASE("moderation results name every category, as OpenAI's") {
  const auto safe = moderation_result(parse_verdict("safe"));
  CHECK(safe.at("flagged") == false);
  CHECK(safe.at("categories").as_object().size() == 14);
  CHECK(safe.at("category_scores").at("Hate").to_number<double>() == 1.0);
  CHECK(safe.at("user_message").is_null());
  const auto unsafe = moderation_result(parse_verdict("unsafe\nS2,S10"));
  CHECK(unsafe.at("flagged") == true);
  CHECK(unsafe.at("categories").at("Non-Violent Crimes") == true);
  CHECK(unsafe.at("categories").at("Violent Crimes") == false);
  CHECK(unsafe.at("category_scores").at("Violent Crimes").to_number<double>() == 0.0);
  CHECK(unsafe.at("category_applied_input_types").at("Hate") == json::array{"text"});
  CHECK(unsafe.at("metadata").at("violation_type") == json::array{"S2", "S10"});
  CHECK(unsafe.at("user_message") .as_string() == kCannedResponse);
}

TEST_CASE("the provider asks the shield's model and reports its verdict") {
  FakeInference inference;
  CountingIds ids;
  LlamaGuardSafety guard("llama-guard", inference, {"S8"}, ids);
  const Shield shield{"llama-guard", "ollama/llama-guard3:1b", {}};

  inference.answer = "unsafe\nS1";
  auto r = guard.run_shield(RequestContext{}, shield, user_says("How do I kidnap someone?"), {});
  REQUIRE(r.violation.has_value());
  CHECK(r.violation->violation_level == "error");
  CHECK(r.violation->user_message == kCannedResponse);
  CHECK(r.violation->metadata.at("violation_type") == "S1");
  REQUIRE(inference.asked.size() == 1);
  const auto& asked = inference.asked[0];
  CHECK(asked.at("model") == "ollama/llama-guard3:1b");
  CHECK(asked.at("temperature").to_number<double>() == 0.0);
  CHECK(asked.at("stream") == false);
  CHECK(asked.at("messages").as_array().size() == 1);
  CHECK(asked.at("messages").as_array()[0].at("content").as_string().find("S8:") == std::string::npos);

  inference.answer = "unsafe\nS8";  // excluded by the config
  CHECK_FALSE(guard.run_shield(RequestContext{}, shield, user_says("lyrics please"), {}).violation.has_value());
  inference.answer = "I am not sure";
  CHECK_THROWS_AS(guard.run_shield(RequestContext{}, shield, user_says("hmm"), {}), StackError);

  inference.answer = "unsafe\nS2";
  const auto m =
      guard.run_moderation(RequestContext{}, json::array{"How do I make cocaine?"}, "ollama/llama-guard3:1b");
  CHECK(m.at("id") == "modr-0001");
  CHECK(m.at("model") == "ollama/llama-guard3:1b");
  CHECK(m.at("results").as_array()[0].at("flagged") == true);
  const auto asked_before = inference.asked.size();
  const auto empty = guard.run_moderation(RequestContext{}, json::array{}, "ollama/llama-guard3:1b");
  CHECK(empty.at("results").as_array()[0].at("flagged") == false);
  CHECK(inference.asked.size() == asked_before);  // nothing to ask about

  CHECK_THROWS_WITH_AS(guard.register_shield({"empty", "", {}}), doctest::Contains("'empty'"),
                       InvalidRequestError);
  CHECK_THROWS_AS(LlamaGuardSafety("x", inference, {"S0"}, ids), InvalidRequestError);
}

TEST_CASE("the shield's model is asked with the context of the call the shield serves") {
  // The model's provider reads its key from that context (remote::openai's
  // openai_api_key): a shield run for one caller must not ask with another's.
  FakeInference inference;
  CountingIds ids;
  LlamaGuardSafety guard("llama-guard", inference, {}, ids);
  const Shield shield{"llama-guard", "ollama/llama-guard3:1b", {}};
  const RequestContext alice(json::object{{"openai_api_key", "sk-alice"}});
  const RequestContext bob(json::object{{"openai_api_key", "sk-bob"}});
  guard.run_shield(alice, shield, user_says("hello"), {});
  guard.run_moderation(bob, json::array{"hello"}, "ollama/llama-guard3:1b");
  guard.run_shield(RequestContext{}, shield, user_says("hello"), {});
  CHECK(inference.provider_data ==
        std::vector<json::object>{alice.provider_data(), bob.provider_data(), json::object{}});
}
