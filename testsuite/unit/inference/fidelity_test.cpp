// Fidelity: for every chat, completion and embeddings request the Python
// Llama Stack recorded (testsuite/fixtures/captures, MIT), issuing the same
// call through our library client makes the provider send the same body
// (compared as JSON) to the same URL and recording endpoint. That is what
// makes recordings of the two stacks comparable and importable.
//
// The upstream is a ScriptedHttpClient answering with each capture's own
// recorded response; nothing here is generated.
#include "testsuite/unit/inference/replay_harness.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include <map>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

TEST_CASE("every captured inference request is what our client sends, as JSON") {
  std::map<std::string, int> compared_by_provider;
  std::map<std::string, int> excluded_by_reason;
  int compared = 0;
  int url_checked = 0;
  int endpoint_checked = 0;
  for (const auto& entry : load_corpus(captures_dir())) {
    const bool call = entry.kind == CallKind::chat || entry.kind == CallKind::completion ||
                      entry.kind == CallKind::embeddings;
    if (!entry.exclusion.empty()) {
      ++excluded_by_reason[entry.exclusion.substr(0, entry.exclusion.find(" ("))];
      continue;
    }
    if (!call) continue;
    INFO(entry.name());
    const Replayed r = replay_call(entry);
    CHECK(r.sent.body == json::value(wire_body(entry.request_body())));
    CHECK(r.sent.method == "POST");
    CHECK(r.sent.url == entry.expected_url());
    ++url_checked;
    if (entry.endpoint_artefact.empty()) {
      CHECK(r.sent.endpoint == std::string(entry.capture.request.at("endpoint").as_string()));
      ++endpoint_checked;
    } else {
      CHECK(r.sent.endpoint == "/v1" + entry.route());
    }
    ++compared;
    ++compared_by_provider[entry.provider_id];
  }
  std::string summary = "fidelity: " + std::to_string(compared) + " request bodies compared (" +
                        std::to_string(url_checked) + " URLs, " + std::to_string(endpoint_checked) +
                        " endpoints);";
  for (const auto& [provider, n] : compared_by_provider)
    summary += " " + provider + "=" + std::to_string(n);
  summary += "; excluded:";
  for (const auto& [reason, n] : excluded_by_reason)
    summary += " [" + std::to_string(n) + " " + reason + "]";
  MESSAGE(summary);
  // Every provider the captures hold inference calls for was compared.
  for (const char* provider : {"ollama", "openai", "vllm", "tgi", "together", "fireworks",
                               "cerebras", "azure", "databricks"})
    CHECK_MESSAGE(compared_by_provider[provider] > 0, provider);
  CHECK(compared > 600);
}

TEST_CASE("recorder artefacts are named, not silently skipped") {
  int artefacts = 0;
  for (const auto& entry : load_corpus(captures_dir()))
    if (!entry.endpoint_artefact.empty()) {
      ++artefacts;
      INFO(entry.name() << ": " << entry.endpoint_artefact);
      CHECK(entry.provider_id == "ollama");
    }
  MESSAGE("captures whose recorded endpoint is not the route they called: " << artefacts);
  CHECK(artefacts > 0);
}
