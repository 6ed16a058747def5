#pragma once
// The routing table of the resources other than models: shields, vector
// stores, tool groups. Each has an identifier callers use, the provider that
// serves it and that provider's own id for it; what else a kind needs
// (a shield's params, a vector store's embedding model, a tool group's MCP
// endpoint) travels as JSON. One table for every kind, so registering,
// listing and "not found" read the same everywhere.
#include <boost/json/object.hpp>

#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ResourceRecord {
  std::string kind;  // "shield", "vector_store", "tool_group"
  std::string identifier;
  std::string provider_id;
  std::string provider_resource_id;  // defaults to identifier
  boost::json::object params;
  // From the run config rather than registered at run time.
  bool from_config = false;
};

class ResourceTable {
 public:
  // Adds or replaces (same kind and identifier). An empty
  // provider_resource_id becomes the identifier.
  void add(ResourceRecord record);
  // NotFoundError "<kind> '<id>' not found" listing the known ones.
  ResourceRecord get(std::string_view kind, std::string_view identifier) const;
  std::optional<ResourceRecord> find(std::string_view kind, std::string_view identifier) const;
  // In the order they were added.
  std::vector<ResourceRecord> list(std::string_view kind) const;
  // NotFoundError as get() when it is not there.
  void remove(std::string_view kind, std::string_view identifier);

 private:
  mutable std::shared_mutex mutex_;
  std::vector<ResourceRecord> records_;
};

}  // namespace llama_stack
