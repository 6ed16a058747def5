#pragma once
// inline::rag-runtime: the builtin::rag tool group. knowledge_search(query)
// asks every vector store named by `vector_db_ids` (or the newer
// `vector_store_ids`) of the call's kwargs, else of the tool group's args
// (what an agent attaches to builtin::rag), through the stack's vector_io
// router, and answers the Python RAG tool's text (knowledge_search.hpp).
// insert_into_memory(documents, vector_store_id, chunk_size_in_tokens) is
// what POST /v1/tool-runtime/rag-tool/insert runs: the documents' chunks
// (rag_documents.hpp) go into the store through the same router.
#include "providers/tool_runtime/rag_runtime/knowledge_search.hpp"

#include <llama_stack/apis/tool_runtime.hpp>
#include <llama_stack/apis/vector_io.hpp>
#include <llama_stack/http_client.hpp>
#include <llama_stack/id_minter.hpp>

#include <string>
#include <vector>

namespace llama_stack::rag {

class RagRuntime final : public ToolRuntimeProvider {
 public:
  RagRuntime(std::string provider_id, VectorIoApi& vector_io, HttpClient& http, IdMinter& ids)
      : provider_id_(std::move(provider_id)), vector_io_(vector_io), http_(http), ids_(ids) {}

  std::vector<ToolDef> list_runtime_tools(const RequestContext& context, const ToolGroupSpec& group) override;
  // NotFoundError for a tool the group does not list; InvalidRequestError
  // for a missing query or document field, no store, a bad query_config;
  // the vector_io router's errors (an unknown store: 404 naming it, for an
  // insert before anything is read or fetched). knowledge_search's metadata
  // ends with "citation_files": null, as Python's invoke_tool adds it;
  // insert_into_memory answers content null. The vector_io router is called
  // with the caller's context.
  ToolInvocationResult invoke_tool(const RequestContext& context, const ToolGroupSpec& group,
                                   const std::string& tool_name, const boost::json::object& kwargs) override;

 private:
  ToolInvocationResult knowledge_search(const RequestContext& context, const ToolGroupSpec& group,
                                        const boost::json::object& kwargs);
  ToolInvocationResult insert(const RequestContext& context, const boost::json::object& kwargs);

  std::string provider_id_;
  VectorIoApi& vector_io_;
  HttpClient& http_;
  IdMinter& ids_;
};

// The stores a call searches: kwargs' vector_db_ids / vector_store_ids,
// else the group args'; InvalidRequestError when not a list of strings, or
// (Python's message) when empty.
std::vector<std::string> vector_store_ids(const boost::json::object& kwargs, const boost::json::object& group_args);

// The vector_io query_chunks params for one store.
boost::json::object query_chunks_params(const std::string& vector_db_id, const std::string& query,
                                        const RagQueryConfig& config);

}  // namespace llama_stack::rag
