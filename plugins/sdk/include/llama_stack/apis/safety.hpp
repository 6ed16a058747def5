#pragma once
// The safety API: shields that judge a conversation (run_shield) and the
// OpenAI-shaped moderations endpoint. Messages are OpenAI chat messages,
// passed through as JSON; a shield's verdict is typed, because callers (the
// routes, agents) branch on it.
#include <llama_stack/api.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

// The API's name in run.yaml (`providers: safety:`) and in descriptors.
inline constexpr std::string_view kSafetyApiName = "safety";

// A shield as its provider sees it.
struct Shield {
  std::string identifier;            // what callers name it by: "llama-guard"
  std::string provider_resource_id;  // the provider's own id: for llama-guard, the model
  boost::json::object params;
};

struct SafetyViolation {
  std::string violation_level;  // "info", "warn" or "error"
  std::string user_message;     // what to tell the user instead of an answer
  boost::json::object metadata;
};

struct RunShieldResponse {
  std::optional<SafetyViolation> violation;  // none: the conversation is safe
};

// What the safety router offers callers and dependent providers.
class SafetyApi : public Api {
 public:
  // NotFoundError naming the shield when it is not registered.
  virtual RunShieldResponse run_shield(const RequestContext& context, std::string_view shield_id,
                                       const boost::json::array& messages,
                                       const boost::json::object& params) = 0;
  // params as OpenAI's POST /v1/moderations: "input" (a string or a list of
  // strings) and "model"; answers OpenAI's moderation object.
  virtual boost::json::object run_moderation(const RequestContext& context,
                                             const boost::json::object& params) = 0;
};

class SafetyProvider : public Provider {
 public:
  // Called when a shield of this provider is registered (from run.yaml or at
  // run time); refuse one the provider cannot serve by throwing.
  virtual void register_shield(const Shield&) {}
  virtual void unregister_shield(std::string_view /*identifier*/) {}
  virtual RunShieldResponse run_shield(const RequestContext& context, const Shield& shield,
                                       const boost::json::array& messages,
                                       const boost::json::object& params) = 0;
  // `input` is the caller's (a string or a list of strings); `model` the
  // provider_resource_id of the shield chosen for it.
  virtual boost::json::object run_moderation(const RequestContext& context,
                                             const boost::json::value& input,
                                             std::string_view model) = 0;
};

}  // namespace llama_stack
