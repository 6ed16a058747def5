#pragma once
// remote::nvidia: NVIDIA NIM, hosted (integrate.api.nvidia.com, which needs
// NVIDIA_API_KEY) or self-hosted (which usually takes no key). The OpenAI
// routes live under <url>/v1 unless `append_api_version` is false. Models are
// listed by GET /models.
#include "providers/kits/openai_compat/openai_compat_inference.hpp"

namespace llama_stack::providers {

class NvidiaInference final : public OpenAICompatInference {
 public:
  explicit NvidiaInference(const ProviderContext& context);

 protected:
  // NIM's asymmetric embedding models refuse a request without input_type;
  // like the Python stack, "query" is sent when the caller gives none.
  boost::json::object outbound_body(Operation operation,
                                    const boost::json::object& params) const override;
};

}  // namespace llama_stack::providers
