#pragma once
// Replays a captured call through the in-process library client, with a
// ScriptedHttpClient in place of the network: the provider's outbound
// request is recorded, and the captured response is what it receives.
#include "testsuite/unit/inference/support/call_replay.hpp"
#include "testsuite/unit/inference/support/scripted_http_client.hpp"

namespace llama_stack::testing {

struct Replayed {
  HttpRequest sent;  // the provider's request for the call
  CallResult result;
};

// One stack per provider and base URL is kept for the whole test run.
Replayed replay_call(const CorpusEntry& entry);

// A fresh single-provider stack for `entry`, whose startup model listing is
// answered with `listing` (the capture's own response).
struct ListingStack {
  std::shared_ptr<ScriptedHttpClient> http;
  LlamaStackClient client;
};
ListingStack stack_listing(const CorpusEntry& entry, boost::json::value listing);

}  // namespace llama_stack::testing
