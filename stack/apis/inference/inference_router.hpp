#pragma once
// Routes inference calls to the provider that serves the requested model,
// rewriting "model" to the provider's own model id on the way.
#include "stack/apis/inference/chat_completion_assembler.hpp"
#include "stack/apis/inference/inference_store.hpp"
#include "stack/routing/model_table.hpp"

#include <llama_stack/apis/inference.hpp>

#include <map>
#include <string>

namespace llama_stack {

class InferenceRouter final : public InferenceApi {
 public:
  // With a store, every chat completion answered is stored (streamed ones
  // once their stream ends).
  // `store_problem`: why the config's store could not be opened (the stack
  // still serves inference; the stored-completion routes say why not).
  explicit InferenceRouter(const ModelTable& models, std::unique_ptr<InferenceStore> store = {},
                           std::string store_problem = {})
      : models_(models), store_(std::move(store)), store_problem_(std::move(store_problem)) {}
  // Null when the stack's config has no (usable) inference store.
  InferenceStore* store() noexcept { return store_.get(); }
  const std::string& store_problem() const noexcept { return store_problem_; }

  void add_provider(const std::string& provider_id, InferenceProvider& provider);

  boost::json::object chat_completion(const RequestContext& context,
                                      const boost::json::object& params) override;
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext& context,
                                                     const boost::json::object& params) override;
  boost::json::object completion(const RequestContext& context,
                                 const boost::json::object& params) override;
  std::unique_ptr<JsonStream> completion_stream(const RequestContext& context,
                                                const boost::json::object& params) override;
  boost::json::object embeddings(const RequestContext& context,
                                 const boost::json::object& params) override;

 private:
  struct Route {
    InferenceProvider* provider;
    boost::json::object params;  // with "model" rewritten
  };
  Route route(const boost::json::object& params, const char* operation,
              const char* wanted_model_type) const;

  const ModelTable& models_;
  std::unique_ptr<InferenceStore> store_;
  std::string store_problem_;
  std::map<std::string, InferenceProvider*, std::less<>> providers_;
};

}  // namespace llama_stack
