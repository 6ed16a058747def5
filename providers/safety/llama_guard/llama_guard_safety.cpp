#include "providers/safety/llama_guard/llama_guard_safety.hpp"

#include "providers/safety/llama_guard/llama_guard_prompt.hpp"
#include "providers/safety/llama_guard/llama_guard_verdict.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

namespace llama_stack::llama_guard {

namespace json = boost::json;

LlamaGuardSafety::LlamaGuardSafety(std::string provider_id, InferenceApi& inference,
                                   std::vector<std::string> excluded, IdMinter& ids)
    : provider_id_(std::move(provider_id)),
      inference_(inference),
      excluded_(std::move(excluded)),
      ids_(ids) {
  check_excluded(excluded_);
}

void LlamaGuardSafety::register_shield(const Shield& shield) {
  if (shield.provider_resource_id.empty())
    throw InvalidRequestError("shield '" + shield.identifier + "': a llama-guard shield needs "
                              "its model as provider_shield_id");
}

std::string LlamaGuardSafety::ask(const RequestContext& context, std::string_view model,
                                  json::object message) {
  // temperature 0: the default of 1 makes verdicts vary between runs.
  json::object params{{"model", model},
                      {"messages", json::array{std::move(message)}},
                      {"stream", false},
                      {"temperature", 0.0}};
  const json::object answer = inference_.chat_completion(context, params);
  const json::value* content = nullptr;
  if (const auto* choices = answer.if_contains("choices");
      choices && choices->is_array() && !choices->as_array().empty() &&
      choices->as_array()[0].is_object())
    if (const auto* m = choices->as_array()[0].as_object().if_contains("message");
        m && m->is_object())
      content = m->as_object().if_contains("content");
  if (content == nullptr || !content->is_string())
    throw StackError("llama-guard: model '" + std::string(model) +
                     "' answered without a message content: " + json::serialize(answer));
  return std::string(content->as_string());
}

RunShieldResponse LlamaGuardSafety::run_shield(const RequestContext& context, const Shield& shield,
                                               const json::array& messages, const json::object&) {
  const json::array conversation = conversation_for_shield(messages);
  const std::string& model = shield.provider_resource_id;
  const Verdict verdict =
      parse_verdict(ask(context, model, shield_input_message(conversation, model, excluded_)));
  if (!verdict.unsafe || only_excluded(verdict, excluded_)) return {};
  return {SafetyViolation{"error", std::string(kCannedResponse),
                          json::object{{"violation_type", verdict.codes_text}}}};
}

json::object LlamaGuardSafety::run_moderation(const RequestContext& context,
                                              const json::value& input, std::string_view model) {
  json::array conversation;
  if (input.is_string())
    conversation.push_back(json::object{{"role", "user"}, {"content", input}});
  else
    for (const auto& text : input.as_array())
      conversation.push_back(json::object{{"role", "user"}, {"content", text}});
  Verdict verdict;
  if (!conversation.empty()) {
    // Images are not moderated (the Python provider's TODO): text only.
    const json::array turns = conversation_for_shield(conversation);
    json::object message{
        {"role", "user"},
        {"content", build_prompt(turns, categories_for_model(model), excluded_)}};
    verdict = parse_verdict(ask(context, model, std::move(message)));
    if (verdict.unsafe && only_excluded(verdict, excluded_)) verdict = {};
  }
  return {{"id", ids_.mint("modr-")},
          {"model", model},
          {"results", json::array{moderation_result(verdict)}}};
}

}  // namespace llama_stack::llama_guard
