#include "testsuite/unit/inference/replay_harness.hpp"

#include <map>
#include <memory>

namespace llama_stack::testing {

namespace {

LlamaStackClient client_for(const CorpusEntry& entry, std::shared_ptr<HttpClient> http) {
  return client_over("inference=" + entry.provider_id, environment_for(entry), std::move(http));
}

struct Harness {
  std::shared_ptr<ScriptedHttpClient> http = std::make_shared<ScriptedHttpClient>();
  LlamaStackClient client;
  explicit Harness(const CorpusEntry& entry) : client(client_for(entry, http)) {}
};

Harness& harness_for(const CorpusEntry& entry) {
  static std::map<std::string, std::unique_ptr<Harness>> harnesses;
  auto& h = harnesses[entry.provider_id + " " + entry.base_url];
  if (!h) h = std::make_unique<Harness>(entry);
  return *h;
}

}  // namespace

Replayed replay_call(const CorpusEntry& entry) {
  Harness& h = harness_for(entry);
  h.http->answer_next(entry.capture.response_body);
  CallResult result = issue_call(h.client, entry);
  return {h.http->last_request(), std::move(result)};
}

ListingStack stack_listing(const CorpusEntry& entry, boost::json::value listing) {
  auto http = std::make_shared<ScriptedHttpClient>();
  http->answer_next(std::move(listing));
  auto client = client_for(entry, http);
  return {std::move(http), std::move(client)};
}

}  // namespace llama_stack::testing
