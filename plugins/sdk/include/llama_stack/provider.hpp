#pragma once
// What a provider is and what it receives when the stack creates it.
#include <llama_stack/api.hpp>
#include <llama_stack/config_schema.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/http_client.hpp>
#include <llama_stack/id_minter.hpp>
#include <llama_stack/provider_config.hpp>
#include <llama_stack/sdk_version.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace llama_stack {

class Provider {
 public:
  virtual ~Provider() = default;
  // Called once every provider of the stack exists, in dependency order.
  virtual void initialize() {}
};

struct ProviderContext {
  std::string provider_id;
  std::string provider_type;
  ProviderConfig config;
  // The stack's outbound HTTP client; the only way a provider reaches the network.
  HttpClient& http;
  // Routers of the APIs this provider declared in api_dependencies.
  std::map<std::string, Api*, std::less<>> dependencies;
  // Mints the ids of what the provider creates; never null when the stack
  // creates the provider.
  IdMinter* ids = nullptr;

  template <class ApiT>
  ApiT& dependency(std::string_view api) const {
    auto it = dependencies.find(api);
    ApiT* typed = it == dependencies.end() ? nullptr : dynamic_cast<ApiT*>(it->second);
    if (typed == nullptr)
      throw PluginError("provider '" + provider_id + "' (" + provider_type +
                        "): dependency on API '" + std::string(api) +
                        "' was not provided; declare it in api_dependencies");
    return *typed;
  }
};

using ProviderFactory = std::unique_ptr<Provider> (*)(const ProviderContext& context);

// Exported by every provider shared object under the symbol name
// "llama_stack_provider" (see LLAMA_STACK_PROVIDER in plugin.hpp).
struct ProviderDescriptor {
  // Must stay the first member: the loader reads it before trusting the rest.
  std::uint32_t abi_version;
  const char* sdk_version;
  const char* api;            // "inference", "safety", ...
  const char* provider_type;  // "remote::ollama", "inline::my-provider"
  const char* description;
  // The config keys the provider accepts; its sample config (used by ad-hoc
  // stack specs such as inference=ollama) is generated from them.
  ConfigSchema config;
  // Comma-separated APIs whose routers the factory needs ("inference"), or "".
  const char* api_dependencies;
  ProviderFactory factory;
};

// The factory of a provider class constructed from its ProviderContext.
template <class ProviderT>
std::unique_ptr<Provider> make_provider(const ProviderContext& context) {
  return std::make_unique<ProviderT>(context);
}

// A descriptor of this SDK's ABI and version: what a provider writes is what
// differs from one provider to the next.
constexpr ProviderDescriptor provider_descriptor(const char* api, const char* provider_type,
                                                 const char* description, ConfigSchema config,
                                                 ProviderFactory factory,
                                                 const char* api_dependencies = "") {
  return {kSdkAbiVersion, kSdkVersion, api,           provider_type,
          description,    config,      api_dependencies, factory};
}

}  // namespace llama_stack
