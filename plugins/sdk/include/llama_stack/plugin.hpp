#pragma once
// The one header a provider plugin includes.
//
//   #include <llama_stack/plugin.hpp>
//   LLAMA_STACK_PROVIDER_DESCRIPTOR(kDescriptor, "inference", "remote::mine",
//                                   "what it is", kConfigKeys, &make_provider<Mine>)
#include <llama_stack/api.hpp>
#include <llama_stack/apis/conversations.hpp>
#include <llama_stack/apis/files.hpp>
#include <llama_stack/apis/inference.hpp>
#include <llama_stack/apis/safety.hpp>
#include <llama_stack/apis/tool_runtime.hpp>
#include <llama_stack/apis/vector_io.hpp>
#include <llama_stack/config_schema.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/http_client.hpp>
#include <llama_stack/id_minter.hpp>
#include <llama_stack/json_stream.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/provider_config.hpp>
#include <llama_stack/request_context.hpp>
#include <llama_stack/sdk_version.hpp>

#include <boost/dll/alias.hpp>

// Exports DESCRIPTOR (a ProviderDescriptor variable) as the plugin's entry point.
#define LLAMA_STACK_PROVIDER(DESCRIPTOR) BOOST_DLL_ALIAS(DESCRIPTOR, llama_stack_provider)

// Defines NAME, the plugin's descriptor (provider_descriptor's arguments:
// api, provider_type, description, config keys, factory[, dependencies]),
// and exports it: the one declaration a plugin needs. Usable in a namespace.
#define LLAMA_STACK_PROVIDER_DESCRIPTOR(NAME, ...)                                    \
  extern const ::llama_stack::ProviderDescriptor NAME =                                \
      ::llama_stack::provider_descriptor(__VA_ARGS__);                                 \
  LLAMA_STACK_PROVIDER(NAME)
