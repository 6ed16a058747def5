#pragma once
// The in-process library client: the whole stack runs inside the caller's
// process, and calls read like the Python client's:
//   auto client = LlamaStackClient::from_config("starter");
//   auto r = client.chat.completions.create(params);
//   r.choices[0].message.content
#include "stack/client/stream.hpp"
#include "stack/client/types.hpp"
#include "stack/config/environment.hpp"
#include "stack/core/stack.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ClientOptions {
  Environment env = Environment::process();
  std::shared_ptr<HttpClient> http;  // network client when unset
  // Where distribution names are looked up; the project's distributions/
  // (build tree or install tree) when empty.
  std::vector<std::filesystem::path> distribution_dirs;
  bool strict = false;
  // Record/replay session (see StackOptions::recording); from the
  // environment when unset.
  std::shared_ptr<replay::RecordingSession> recording;
};

// The directories distribution names resolve against by default.
std::vector<std::filesystem::path> default_distribution_dirs(const Environment& env);

class LlamaStackClient {
 public:
  // `stack_pointer` is a distribution name, a run.yaml path or an ad-hoc spec.
  static LlamaStackClient from_config(std::string_view stack_pointer, ClientOptions options = {});
  explicit LlamaStackClient(std::unique_ptr<Stack> stack);

  class ChatCompletions {
   public:
    ChatCompletion create(const boost::json::object& params);
    // Sets "stream": true and returns chunks as they arrive.
    Stream<ChatCompletionChunk> stream(boost::json::object params);

   private:
    friend class LlamaStackClient;
    explicit ChatCompletions(Stack* s) : stack_(s) {}
    Stack* stack_;
  };
  struct Chat {
    ChatCompletions completions;
  };
  class Completions {
   public:
    Completion create(const boost::json::object& params);
    Stream<Completion> stream(boost::json::object params);

   private:
    friend class LlamaStackClient;
    explicit Completions(Stack* s) : stack_(s) {}
    Stack* stack_;
  };
  class Embeddings {
   public:
    EmbeddingsResponse create(const boost::json::object& params);

   private:
    friend class LlamaStackClient;
    explicit Embeddings(Stack* s) : stack_(s) {}
    Stack* stack_;
  };
  class Models {
   public:
    std::vector<Model> list() const;
    Model retrieve(std::string_view identifier) const;
    Model register_model(std::string identifier, std::string provider_id,
                         std::string provider_model_id = {}, std::string model_type = "llm",
                         boost::json::object metadata = {});
    void unregister(std::string_view identifier);

   private:
    friend class LlamaStackClient;
    explicit Models(Stack* s) : stack_(s) {}
    Stack* stack_;
  };
  class Providers {
   public:
    std::vector<ProviderInfo> list() const;

   private:
    friend class LlamaStackClient;
    explicit Providers(Stack* s) : stack_(s) {}
    Stack* stack_;
  };
  class Inspect {
   public:
    // {"status": "OK"} when every configured provider is running.
    boost::json::object health() const;
    boost::json::object version() const;
    // The API routes this client serves, as {"method", "route", "provider_types"}.
    std::vector<boost::json::object> routes() const;

   private:
    friend class LlamaStackClient;
    explicit Inspect(Stack* s) : stack_(s) {}
    Stack* stack_;
  };

  Chat chat;
  Completions completions;
  Embeddings embeddings;
  Models models;
  Providers providers;
  Inspect inspect;

  Stack& stack() noexcept { return *stack_; }

  // The stable id of the test now running: part of every recording key.
  // Does nothing when the stack is live (no recording session).
  void set_test_id(std::string test_id);

 private:
  std::unique_ptr<Stack> stack_;
};

}  // namespace llama_stack
