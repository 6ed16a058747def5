#pragma once
// remote::anthropic: Claude through Anthropic's Messages API. Chat
// completions are translated both ways (messages_translation.hpp); the key
// travels in `x-api-key` with the `anthropic-version` header. Models are
// listed by GET /v1/models. Anthropic serves no completions or embeddings.
#include "providers/kits/openai_compat/upstream.hpp"

#include <llama_stack/plugin.hpp>

namespace llama_stack::providers {

class AnthropicInference final : public InferenceProvider {
 public:
  explicit AnthropicInference(const ProviderContext& context);

  boost::json::object chat_completion(const RequestContext& context,
                                      const boost::json::object& params) override;
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext& context,
                                                     const boost::json::object& params) override;
  std::vector<ProviderModel> list_models() override;

 private:
  Upstream upstream_;
  // Sent when the caller sets no max_tokens: the Messages API requires one.
  std::int64_t max_tokens_;
};

}  // namespace llama_stack::providers
