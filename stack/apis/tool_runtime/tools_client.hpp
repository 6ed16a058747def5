#pragma once
// The client's tool calls, read like the Python client's:
//   client.toolgroups.list() / get(id) / register_group(...) / unregister(id)
//   client.tools.list(toolgroup_id) / get(name)
//   client.tool_runtime.list_tools() / invoke_tool("web_search", {{"query", "..."}})
//   client.tool_runtime.rag_tool.insert(documents, "vs_...", 512) / query(content, {"vs_..."})
// Each is a route of the tool runtime API reached through the client's
// transport, so they run the same in process and against a server.
#include "stack/routing/route_caller.hpp"

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct ToolGroup {
  std::string identifier;
  std::string provider_id;
  std::string provider_resource_id;
  std::optional<std::string> mcp_endpoint;  // its uri
  boost::json::object args;
  boost::json::object raw;
};

struct Tool {
  std::string toolgroup_id;
  std::string name;
  std::string description;
  boost::json::object input_schema;
  boost::json::object raw;
};

struct ToolInvocation {
  // A string, or a list of content items.
  boost::json::value content;
  std::optional<std::string> error_message;
  boost::json::object raw;
  // The content when it is a string.
  std::optional<std::string> text() const;
};

class ToolGroupsClient {
 public:
  explicit ToolGroupsClient(RouteCaller call) : call_(std::move(call)) {}
  std::vector<ToolGroup> list() const;
  ToolGroup get(std::string_view toolgroup_id) const;
  // register(): a C++ keyword. Answers the registered group.
  ToolGroup register_group(std::string toolgroup_id, std::string provider_id,
                      std::optional<std::string> mcp_endpoint = std::nullopt,
                      boost::json::object args = {});
  void unregister(std::string_view toolgroup_id);

 private:
  RouteCaller call_;
};

class ToolsClient {
 public:
  explicit ToolsClient(RouteCaller call) : call_(std::move(call)) {}
  std::vector<Tool> list(std::optional<std::string> toolgroup_id = std::nullopt) const;
  Tool get(std::string_view tool_name) const;

 private:
  RouteCaller call_;
};

// What the RAG tool's query answers (Python's RAGQueryResult): content
// null when nothing was found, else the knowledge_search text items;
// metadata {document_ids, chunks, scores, vector_db_ids}.
struct RagQueryResult {
  boost::json::value content;
  boost::json::object metadata;
  boost::json::object raw;
};

class RagToolClient {
 public:
  explicit RagToolClient(RouteCaller call) : call_(std::move(call)) {}
  // documents: [{document_id, content (text, content items, {"uri": url or
  // data: URL}), mime_type?, metadata?}].
  void insert(boost::json::array documents, std::string vector_store_id, int chunk_size_in_tokens = 512);
  RagQueryResult query(boost::json::value content, std::vector<std::string> vector_store_ids,
                       std::optional<boost::json::object> query_config = std::nullopt);

 private:
  RouteCaller call_;
};

class ToolRuntimeClient {
 public:
  explicit ToolRuntimeClient(RouteCaller call) : rag_tool(call), call_(std::move(call)) {}
  std::vector<Tool> list_tools(std::optional<std::string> tool_group_id = std::nullopt) const;
  // With per-call provider data (an MCP server's headers: {"mcp_headers": ...}).
  std::vector<Tool> list_tools(std::optional<std::string> tool_group_id, const RequestOptions& options) const;
  ToolInvocation invoke_tool(std::string tool_name, boost::json::object kwargs);
  // With per-call provider data (a search key: {"tavily_search_api_key": ...}).
  ToolInvocation invoke_tool(std::string tool_name, boost::json::object kwargs,
                             const RequestOptions& options);

  RagToolClient rag_tool;

 private:
  RouteCaller call_;
};

}  // namespace llama_stack
