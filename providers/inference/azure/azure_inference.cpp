#include "providers/inference/azure/azure_inference.hpp"

#include "providers/kits/openai_compat/profile.hpp"

namespace llama_stack::providers {

namespace {

const OpenAICompatProfile kAzure{
    .display_name = "Azure OpenAI",
    .url = {.config_key = "api_base"},
    .key = {.provider_data_field = "azure_api_key", .header = "api-key", .scheme = ""},
};

OpenAICompatSettings azure_settings(const ProviderContext& context) {
  OpenAICompatSettings s = settings_from(context, kAzure);
  s.upstream.root_url = url_origin(s.upstream.root_url);
  s.upstream.base_url = s.upstream.root_url + "/openai/v1";
  if (auto version = context.config.optional_string("api_version"))
    s.upstream.query = "api-version=" + *version;
  return s;
}

}  // namespace

AzureInference::AzureInference(const ProviderContext& context)
    : OpenAICompatInference(azure_settings(context), context.http) {}

}  // namespace llama_stack::providers
