#include "providers/inference/nvidia/nvidia_inference.hpp"

#include "providers/kits/openai_compat/profile.hpp"

namespace llama_stack::providers {

namespace json = boost::json;

namespace {

constexpr std::string_view kHostedUrl = "https://integrate.api.nvidia.com";

OpenAICompatSettings nvidia_settings(const ProviderContext& context) {
  const OpenAICompatProfile profile{
      .display_name = "NVIDIA NIM",
      // The hosted API needs a key; a self-hosted NIM may take none.
      .key = {.required = context.config.string("url").starts_with(kHostedUrl)},
  };
  OpenAICompatSettings s = settings_from(context, profile);
  if (context.config.boolean("append_api_version"))
    s.upstream.base_url = join_api_path(s.upstream.root_url, "/v1");
  return s;
}

}  // namespace

NvidiaInference::NvidiaInference(const ProviderContext& context)
    : OpenAICompatInference(nvidia_settings(context), context.http) {}

json::object NvidiaInference::outbound_body(Operation operation, const json::object& params) const {
  json::object body = OpenAICompatInference::outbound_body(operation, params);
  if (operation == Operation::embeddings && !body.contains("input_type"))
    body["input_type"] = "query";
  return body;
}

}  // namespace llama_stack::providers
