#pragma once
// Inference over an OpenAI-compatible HTTP API (/chat/completions,
// /completions, /embeddings, /models). Shared by every provider whose
// upstream speaks that dialect; a provider supplies settings (profile.hpp)
// and overrides a hook only where its upstream differs.
//
// The outbound body is the caller's parameters passed through: unset (null)
// ones dropped, "extra_body" merged in as the OpenAI SDK does, "model"
// already rewritten by the router. That is what the Python stack sends for
// the same call, so recordings compare and import across the two.
#include "providers/kits/openai_compat/upstream.hpp"

#include <llama_stack/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::providers {

enum class Operation { chat, completion, embeddings };

// What a provider knows about a model that its listing does not say.
struct KnownModel {
  std::string id{};
  std::string model_type = "llm";  // "llm" or "embedding"
  int embedding_dimension = 0;
  int context_length = 0;

  ProviderModel to_provider_model() const;
};

struct OpenAICompatSettings {
  UpstreamSettings upstream;
  // Classifies listed models (embedding dimensions are not in /models).
  std::vector<KnownModel> known_models{};
  // When not empty, discovery keeps only these (config `allowed_models`).
  std::vector<std::string> allowed_models{};
  bool completions = true;
  bool embeddings = true;
  // Embedding parameters the upstream answers 400 to (Together: user,
  // dimensions); refused before sending, with the reason.
  std::vector<std::string> rejected_embedding_params{};
};

class OpenAICompatInference : public InferenceProvider {
 public:
  OpenAICompatInference(OpenAICompatSettings settings, HttpClient& http);

  boost::json::object chat_completion(const RequestContext& context,
                                      const boost::json::object& params) override;
  boost::json::object completion(const RequestContext& context,
                                 const boost::json::object& params) override;
  boost::json::object embeddings(const RequestContext& context,
                                 const boost::json::object& params) override;
  // The key goes into the request when the stream opens: its chunks need no
  // more of the context.
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext& context,
                                                     const boost::json::object& params) override;
  std::unique_ptr<JsonStream> completion_stream(const RequestContext& context,
                                                const boost::json::object& params) override;
  // GET /models ("data" list, or a bare list as Together answers).
  std::vector<ProviderModel> list_models() override;

  const OpenAICompatSettings& settings() const noexcept { return settings_; }

 protected:
  // The body sent upstream for `params`; providers add what their upstream
  // requires (NVIDIA's embedding input_type).
  virtual boost::json::object outbound_body(Operation operation,
                                            const boost::json::object& params) const;
  // Turns one entry of the model listing into a model of the routing table.
  virtual ProviderModel describe_model(const boost::json::object& entry) const;

  // Applies allowed_models and drops entries without an id.
  std::vector<ProviderModel> keep_allowed(std::vector<ProviderModel> models) const;
  const KnownModel* find_known(std::string_view model_id) const;
  Upstream& upstream() noexcept { return upstream_; }

 private:
  boost::json::object post(const RequestContext& context, Operation operation,
                           std::string_view route, const boost::json::object& params);
  std::unique_ptr<JsonStream> post_stream(const RequestContext& context, Operation operation,
                                          std::string_view route,
                                          const boost::json::object& params);
  void require_supported(Operation operation) const;

  OpenAICompatSettings settings_;
  Upstream upstream_;
};

// The caller's parameters as the wire carries them: null (unset) values
// dropped and the OpenAI SDK's "extra_body" merged into the top level.
boost::json::object pass_through_body(const boost::json::object& params);

}  // namespace llama_stack::providers
