#pragma once
// The captures of testsuite/fixtures/captures (real exchanges the Python
// Llama Stack recorded, MIT) sorted by the provider of ours that speaks to
// the recorded upstream and by the call they record, with the settings that
// point that provider at the recorded base URL.
#include "stack/config/environment.hpp"
#include "testsuite/support/capture_file.hpp"

#include <boost/json/object.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace llama_stack::testing {

enum class CallKind {
  chat,            // /v1/chat/completions
  completion,      // /v1/completions
  embeddings,      // /v1/embeddings
  model_list,      // /v1/models
  ollama_running,  // Ollama's /api/ps
  not_replayed,    // see CorpusEntry::exclusion
};

const char* kind_name(CallKind kind);

struct CorpusEntry {
  CaptureFile capture;
  std::string folder;       // "inference", "legacy-responses", ...
  std::string authority;    // request.url's host[:port] ("__databricks__" for Databricks)
  std::string provider_id;  // our provider for that upstream (ad-hoc spec name); empty: none
  CallKind kind = CallKind::not_replayed;
  // request.url without the recorded endpoint: the base URL the Python
  // client called (the recorder appends "/v1/..." to it).
  std::string base_url;
  // Why the capture is not replayed through a provider; empty when it is.
  std::string exclusion;
  // Why request.endpoint does not name the route the call went to (a
  // recorder artefact); empty when it does.
  std::string endpoint_artefact;

  const boost::json::object& request_body() const;
  // The route under the base URL this call goes to ("/chat/completions").
  std::string route() const;
  // What our provider must call: the recorded base URL plus the route.
  std::string expected_url() const;
  std::string name() const;  // folder/file, for messages
};

// Every HTTP capture below `dir` (tool-runtime captures record no HTTP and
// are left out), classified; loaded once per directory.
const std::vector<CorpusEntry>& load_corpus(const std::filesystem::path& dir);
// The capture whose file is named `file_name`; throws when there is none.
const CorpusEntry& find_capture(std::string_view file_name);
// The captures directory the tests read (a copy of ../shared's, MIT).
std::filesystem::path captures_dir();

// An isolated environment that configures `entry.provider_id` (as the ad-hoc
// spec "inference=<id>" reads it) to call the recorded base URL, with a key.
Environment environment_for(const CorpusEntry& entry);

// Equality of JSON values up to the last digit of a double: serializing a
// capture to send it and parsing it back (Boost.JSON's parser is fast, not
// correctly rounded) may move a value by an ulp or two, which is not a loss.
bool json_near(const boost::json::value& a, const boost::json::value& b);

// The captures of the same provider recorded for the same request (endpoint
// and wire body), `entry` included: the Python stack recorded some requests
// more than once, and a double answering by request serves one of them.
std::vector<const CorpusEntry*> same_request(const CorpusEntry& entry);

// True when `response` is the recorded response of one of `entry`'s
// same_request captures.
bool is_recorded_response(const CorpusEntry& entry, const boost::json::value& response);

// "provider_id/model" for the model the capture's request names.
std::string stack_model_id(const CorpusEntry& entry);

}  // namespace llama_stack::testing
