#pragma once
// The Llama Stack client: in process (the library client: the whole stack
// runs inside the caller's process) or remote (a server's HTTP API), with
// the same calls either way, read like the Python client's:
//   auto client = LlamaStackClient::from_config("starter");
//   auto remote = LlamaStackClient::from_url("http://localhost:8321");
//   auto r = client.chat.completions.create(params);
//   r.choices[0].message.content
#include "stack/apis/conversations/conversations_client.hpp"
#include "stack/apis/files/files_client.hpp"
#include "stack/apis/inference/inference_client.hpp"
#include "stack/apis/safety/safety_client.hpp"
#include "stack/apis/tool_runtime/tools_client.hpp"
#include "stack/apis/vector_io/vector_client.hpp"
#include "stack/client/client_transport.hpp"
#include "stack/client/types.hpp"
#include "stack/config/environment.hpp"
#include "stack/core/stack.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ClientOptions {
  Environment env = Environment::process();
  // The stack's outbound HTTP client. When unset: the network client,
  // recorded and replayed when LLAMA_STACK_TEST_INFERENCE_MODE asks for it
  // (RecordingSession::from_environment, record_and_replay). For from_url: what reaches the server
  // (unset: the network client, LLAMA_STACK_CLIENT_TIMEOUT from env).
  std::shared_ptr<HttpClient> http;
  // The ids the stack mints (StackOptions::ids); random when unset. When
  // http is unset too, the environment's recording session decides both.
  std::shared_ptr<IdMinter> ids;
  // Where distribution names are looked up; InstallLayout's when empty.
  std::vector<std::filesystem::path> distribution_dirs;
  bool strict = false;
  // Sent with every call, as the Python client's provider_data (per-request
  // keys such as {"openai_api_key": "..."}); RequestOptions add to it.
  boost::json::object provider_data;
};

class LlamaStackClient {
  struct Shared;

 public:
  // `stack_pointer` is a distribution name, a run.yaml path or an ad-hoc spec.
  static LlamaStackClient from_config(std::string_view stack_pointer, ClientOptions options = {});
  // A client of the server at `base_url` ("http://host:port"); env and
  // provider_data of `options` are used. ConfigError for a bad
  // LLAMA_STACK_CLIENT_TIMEOUT, ConnectionError for a bad URL.
  static LlamaStackClient from_url(std::string_view base_url, ClientOptions options = {});
  explicit LlamaStackClient(std::unique_ptr<Stack> stack, boost::json::object provider_data = {});
  LlamaStackClient(std::unique_ptr<ClientTransport> transport, boost::json::object provider_data);
  ~LlamaStackClient();
  LlamaStackClient(LlamaStackClient&&) noexcept;
  LlamaStackClient& operator=(LlamaStackClient&&) noexcept;

  struct Chat {
    ChatCompletionsClient completions;
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
    explicit Models(Shared* s) : shared_(s) {}
    Shared* shared_;
  };
  class Providers {
   public:
    std::vector<ProviderInfo> list() const;

   private:
    friend class LlamaStackClient;
    explicit Providers(Shared* s) : shared_(s) {}
    Shared* shared_;
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
    explicit Inspect(Shared* s) : shared_(s) {}
    Shared* shared_;
  };

  Chat chat;
  CompletionsClient completions;
  EmbeddingsClient embeddings;
  Models models;
  Providers providers;
  Inspect inspect;
  ToolGroupsClient toolgroups;
  ToolsClient tools;
  ToolRuntimeClient tool_runtime;
  FilesClient files;
  SafetyClient safety;
  ShieldsClient shields;
  ModerationsClient moderations;
  VectorStoresClient vector_stores;
  VectorIoClient vector_io;
  ConversationsClient conversations;

  // Whether the stack is a server's rather than in this process.
  bool is_remote() const noexcept;
  // The in-process stack; UnsupportedError for a remote client (tests that
  // must run in both modes ask providers.list() and inspect instead).
  Stack& stack();
  // The stack as the API table's route handlers see it: what the server
  // serves from. UnsupportedError for a remote client.
  RouteServices& route_services();
  // Replaces the provider data sent with every call.
  void set_provider_data(boost::json::object provider_data);
  // The test the following calls belong to: sent to a server as
  // "__test_id" for its replay store (an in-process stack records through
  // the caller's own session, which holds the id); nullopt: none.
  void set_test_id(std::optional<std::string> id);

  // Any route of the API table, as `method route` ("GET",
  // "/v1/files/{file_id}", its segments in request.path_params): what the
  // typed calls above are made of, and the way to reach a route they do
  // not cover. Same in process and remote.
  RouteResponse call(std::string_view method, std::string_view route, RouteRequest request = {},
                     const RequestOptions& options = {});

 private:
  explicit LlamaStackClient(std::unique_ptr<Shared> shared);
  // What the typed clients of their own files (tools_client.hpp) call.
  static RouteCaller caller_of(Shared* shared);
  std::unique_ptr<Shared> shared_;
};

}  // namespace llama_stack
