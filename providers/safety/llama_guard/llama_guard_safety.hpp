#pragma once
// inline::llama-guard: a shield is a Llama Guard model served by the stack's
// inference router (its provider_resource_id is the model, e.g.
// ollama/llama-guard3:1b), so its calls are recorded like any inference.
#include <llama_stack/apis/inference.hpp>
#include <llama_stack/apis/safety.hpp>

#include <string>
#include <vector>

namespace llama_stack::llama_guard {

class LlamaGuardSafety final : public SafetyProvider {
 public:
  // `excluded` are category codes (S1..S14) never reported; checked here.
  LlamaGuardSafety(std::string provider_id, InferenceApi& inference,
                   std::vector<std::string> excluded, IdMinter& ids);

  void register_shield(const Shield& shield) override;
  RunShieldResponse run_shield(const RequestContext& context, const Shield& shield,
                               const boost::json::array& messages,
                               const boost::json::object& params) override;
  boost::json::object run_moderation(const RequestContext& context, const boost::json::value& input,
                                     std::string_view model) override;

 private:
  // The model's answer to one shield input message, asked of the inference
  // router with the caller's context (the model's provider may need a key
  // from its provider data).
  std::string ask(const RequestContext& context, std::string_view model,
                  boost::json::object message);

  std::string provider_id_;
  InferenceApi& inference_;
  std::vector<std::string> excluded_;
  IdMinter& ids_;
};

}  // namespace llama_stack::llama_guard
