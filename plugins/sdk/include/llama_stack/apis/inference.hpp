#pragma once
// The OpenAI-style inference API. Parameters and results are the OpenAI JSON
// shapes, passed through as objects so that no field a caller or provider
// sends is lost; typed views are built on top by the client.
#include <llama_stack/api.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/json_stream.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/object.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

// The API's name in run.yaml (`providers: inference:`) and in descriptors.
inline constexpr std::string_view kInferenceApiName = "inference";

class InferenceApi : public Api {
 public:
  // params["model"] names the model as the callee knows it: the stack's
  // identifier for the router, the provider's own model id for a provider.
  // A stream keeps what it needs of `context` when it is created: its chunks
  // are pulled after the call returns.
  virtual boost::json::object chat_completion(const RequestContext& context,
                                              const boost::json::object& params) = 0;
  virtual std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext& context,
                                                             const boost::json::object& params) = 0;
  virtual boost::json::object completion(const RequestContext& context,
                                         const boost::json::object& params) = 0;
  virtual std::unique_ptr<JsonStream> completion_stream(const RequestContext& context,
                                                        const boost::json::object& params) = 0;
  virtual boost::json::object embeddings(const RequestContext& context,
                                         const boost::json::object& params) = 0;
};

// A model an inference provider serves.
struct ProviderModel {
  std::string provider_model_id;
  std::string model_type = "llm";  // "llm" or "embedding"
  boost::json::object metadata;    // e.g. {"embedding_dimension": 768}
};

class InferenceProvider : public Provider, public InferenceApi {
 public:
  // The models the upstream serves right now; used to fill the model routing
  // table when the stack starts.
  virtual std::vector<ProviderModel> list_models() = 0;

  boost::json::object completion(const RequestContext&, const boost::json::object&) override {
    throw UnsupportedError("this provider does not support completions");
  }
  std::unique_ptr<JsonStream> completion_stream(const RequestContext&,
                                                const boost::json::object&) override {
    throw UnsupportedError("this provider does not support streaming completions");
  }
  boost::json::object embeddings(const RequestContext&, const boost::json::object&) override {
    throw UnsupportedError("this provider does not support embeddings");
  }
};

}  // namespace llama_stack
