#include "testsuite/support/builtin_provider_config.hpp"

#include "stack/config/environment.hpp"
#include "stack/plugin/provider_registry.hpp"

#include <llama_stack/errors.hpp>

namespace llama_stack::testing {

ProviderConfig builtin_provider_config(std::string_view api, std::string_view provider_type,
                                       std::string provider_id, boost::json::object values) {
  const Environment env = Environment::isolated();
  static const ProviderRegistry registry = ProviderRegistry::discover(env);
  const RegisteredProvider* p = registry.find(api, provider_type);
  if (p == nullptr)
    throw StackError("no built plugin serves " + std::string(api) + " provider_type '" +
                     std::string(provider_type) + "'; " + registry.describe_failures());
  boost::json::object checked = checked_provider_config(provider_id, p->config_keys, values,
                                                       {env, "~/.llama/distributions/test"});
  return ProviderConfig(std::move(provider_id), std::move(checked), p->config_schema);
}

}  // namespace llama_stack::testing
