#pragma once
// Routes safety calls by shield: the ResourceTable's "shield" records say
// which provider serves a shield and under which id (for llama-guard, the
// model). Moderations pick the shield whose provider_resource_id is the
// requested model, as the Python router does.
#include "stack/routing/api_table.hpp"
#include "stack/routing/resource_table.hpp"

#include <llama_stack/apis/safety.hpp>

#include <string>
#include <vector>

namespace llama_stack {

inline constexpr std::string_view kShieldKind = "shield";

class SafetyRouter final : public SafetyApi {
 public:
  SafetyRouter(ResourceTable& resources, const std::vector<RoutedProvider>& providers);

  RunShieldResponse run_shield(const RequestContext& context, std::string_view shield_id,
                               const boost::json::array& messages,
                               const boost::json::object& params) override;
  boost::json::object run_moderation(const RequestContext& context,
                                     const boost::json::object& params) override;

  // Adds the shield after its provider accepted it. An empty provider_id
  // means the one safety provider; InvalidRequestError when there are several,
  // NotFoundError when the named one does not run.
  ResourceRecord register_shield(ResourceRecord record);
  // NotFoundError naming the shield when it is not registered.
  void unregister_shield(std::string_view identifier);
  // Hands the shields of the run config to their providers; one warning per
  // shield that cannot be served.
  std::vector<std::string> register_config_shields();

 private:
  struct Target {
    SafetyProvider* provider;
    Shield shield;
  };
  Target target(const ResourceRecord& record) const;
  const RoutedProvider& provider_named(const std::string& provider_id,
                                       const std::string& shield_id) const;

  ResourceTable& resources_;
  std::vector<RoutedProvider> providers_;
};

}  // namespace llama_stack
