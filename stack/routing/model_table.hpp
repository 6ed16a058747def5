#pragma once
// The model routing table: which provider serves a model identifier.
#include <boost/json/object.hpp>

#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace llama_stack {

struct ModelRecord {
  // What callers pass as "model": "provider_id/provider_model_id" for
  // discovered models, or an alias registered in run.yaml / at run time.
  std::string identifier;
  std::string provider_id;
  std::string provider_model_id;
  std::string model_type = "llm";  // "llm" or "embedding"
  boost::json::object metadata;
  // Registered explicitly (run.yaml, register) rather than discovered.
  bool registered = false;
};

class ModelTable {
 public:
  // Adds or replaces a model. Registering an identifier that another provider
  // already serves is an InvalidRequestError naming both providers.
  void register_model(ModelRecord record);
  // Removes a model; NotFoundError if it is not there.
  void unregister_model(std::string_view identifier);
  // Drops every model discovered from a provider (before rediscovery), and
  // what was noted about its last failed listing.
  void forget_discovered(std::string_view provider_id);
  // Notes why a provider's models could not be listed: a model that is not
  // found is then reported with the reason (a replay without a model-list
  // recording, a refused connection), not as merely unknown.
  void note_listing_failure(std::string_view provider_id, std::string why);

  // Looks up an identifier; failing that, a provider model id that exactly one
  // provider serves. NotFoundError lists the known identifiers.
  ModelRecord resolve(std::string_view model) const;
  std::optional<ModelRecord> find(std::string_view identifier) const;
  std::vector<ModelRecord> list() const;

 private:
  mutable std::shared_mutex mutex_;
  std::vector<ModelRecord> models_;
  std::vector<std::pair<std::string, std::string>> listing_failures_;  // provider_id, why
};

}  // namespace llama_stack
