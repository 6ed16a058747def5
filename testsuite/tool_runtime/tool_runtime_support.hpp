#pragma once
// Helpers for the tool runtime tests: whether the stack runs a provider, and
// for the MCP tests the group registered with remote::model-context-protocol
// (unregistered when the test ends, pass or fail: a group left behind would
// point the next test's tool calls at a server that is gone).
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace llama_stack::testing {

// The provider_id of a running tool_runtime provider of `provider_type`;
// empty when none runs.
inline std::string running_tool_provider(TestContext& t, std::string_view provider_type) {
  for (const auto& p : t.client().providers.list())
    if (p.api == "tool_runtime" && p.provider_type == provider_type && p.running)
      return p.provider_id;
  return {};
}

inline constexpr const char* kMcpProviderType = "remote::model-context-protocol";

// The Python tests register with this provider_id (the starter's).
inline std::string mcp_provider_or_skip(TestContext& t) {
  const std::string id = running_tool_provider(t, kMcpProviderType);
  if (id.empty()) t.skip("the stack runs no remote::model-context-protocol tool runtime");
  return id;
}

// The Python tests' provider data: {"mcp_headers": {uri: {"Authorization": "Bearer <token>"}}}.
inline RequestOptions mcp_auth(const std::string& uri, const std::string& token) {
  RequestOptions options;
  options.provider_data = {
      {"mcp_headers", boost::json::object{{uri, boost::json::object{{"Authorization", "Bearer " + token}}}}}};
  return options;
}

class UnregisterAtEnd {
 public:
  UnregisterAtEnd(LlamaStackClient& client, std::string toolgroup_id)
      : client_(client), id_(std::move(toolgroup_id)) {}
  ~UnregisterAtEnd() {
    try {
      for (const auto& g : client_.toolgroups.list())
        if (g.identifier == id_) client_.toolgroups.unregister(id_);
    } catch (...) {
      // The test's own failure is the one to report.
    }
  }
  UnregisterAtEnd(const UnregisterAtEnd&) = delete;
  UnregisterAtEnd& operator=(const UnregisterAtEnd&) = delete;

 private:
  LlamaStackClient& client_;
  std::string id_;
};

}  // namespace llama_stack::testing
