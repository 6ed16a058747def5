#pragma once
// Issues a captured call through the library client as a caller would: the
// recorded parameters, with "model" named as the stack knows it.
#include "stack/client/library_client.hpp"
#include "testsuite/unit/inference/support/provider_corpus.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

// A client of the stack `stack_pointer` names, resolved against `env`, whose
// every outbound request goes through `http`.
LlamaStackClient client_over(std::string_view stack_pointer, Environment env,
                             std::shared_ptr<HttpClient> http);

// The message of what `f` throws, or "(no error)". Call it while the stack
// that threw is alive: a provider's exception lives in its plugin's code.
template <class F>
std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

struct CallResult {
  std::optional<ChatCompletion> chat;
  std::vector<ChatCompletionChunk> chat_chunks;
  std::optional<Completion> completion;
  std::vector<Completion> completion_chunks;
  std::optional<EmbeddingsResponse> embeddings;

  // What the client returned as JSON: the object, or the list of chunks.
  boost::json::value raw() const;
};

// Registers the capture's model as "provider_id/model" (discovery may not
// list it) and makes the capture's call: chat, completion or embeddings,
// streamed when the capture was, with the call's `options`.
CallResult issue_call(LlamaStackClient& client, const CorpusEntry& entry,
                      const RequestOptions& options = {});

// The same, with a failure reported as text instead of thrown: an exception
// a provider plugin throws must be handled while its stack (and with it the
// plugin's code) is still alive, which a test loop over several stacks
// cannot promise once the exception unwinds past them.
struct CallOutcome {
  CallResult result;
  std::string error;  // empty when the call succeeded
};
CallOutcome try_issue_call(LlamaStackClient& client, const CorpusEntry& entry);

}  // namespace llama_stack::testing
