#pragma once
// The client's safety calls, read like the Python client's:
//   client.safety.run_shield("llama-guard", messages)
//   client.shields.list() / retrieve / register_shield / unregister
//   client.moderations.create({{"input", ...}, {"model", ...}})
// Each reaches its route through the client's transport, in process or remote.
#include "stack/routing/route_caller.hpp"

#include <llama_stack/apis/safety.hpp>

#include <boost/json/object.hpp>

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ShieldInfo {
  std::string identifier;
  std::string provider_id;
  std::string provider_resource_id;
  boost::json::object params;
};

struct ModerationResult {
  bool flagged = false;
  std::map<std::string, bool> categories;
  std::map<std::string, double> category_scores;
  std::map<std::string, std::vector<std::string>> category_applied_input_types;
  std::optional<std::string> user_message;
  boost::json::object metadata;
};

struct ModerationObject {
  std::string id;
  std::string model;
  std::vector<ModerationResult> results;
};

class SafetyClient {
 public:
  explicit SafetyClient(RouteCaller call) : call_(std::move(call)) {}
  // `messages` are OpenAI chat messages.
  RunShieldResponse run_shield(std::string_view shield_id, const boost::json::array& messages,
                               const boost::json::object& params = {});

 private:
  RouteCaller call_;
};

class ShieldsClient {
 public:
  explicit ShieldsClient(RouteCaller call) : call_(std::move(call)) {}
  std::vector<ShieldInfo> list() const;
  ShieldInfo retrieve(std::string_view identifier) const;
  // Empty provider_id: the stack's one safety provider; empty
  // provider_shield_id: the shield id.
  ShieldInfo register_shield(std::string shield_id, std::string provider_id = {},
                             std::string provider_shield_id = {},
                             boost::json::object params = {});
  void unregister(std::string_view identifier);

 private:
  RouteCaller call_;
};

class ModerationsClient {
 public:
  explicit ModerationsClient(RouteCaller call) : call_(std::move(call)) {}
  // params as OpenAI's: "input" (a string or a list of strings), "model".
  ModerationObject create(const boost::json::object& params);

 private:
  RouteCaller call_;
};

// The typed views of the routes' JSON (exposed for the tests of the shapes).
RunShieldResponse to_run_shield_response(const boost::json::value& body);
ShieldInfo to_shield(const boost::json::value& body);
ModerationObject to_moderation(const boost::json::value& body);

}  // namespace llama_stack
