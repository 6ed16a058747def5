#include "providers/tool_runtime/rag_runtime/rag_runtime.hpp"

#include "providers/tool_runtime/rag_runtime/rag_documents.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/array.hpp>

namespace llama_stack::rag {

namespace json = boost::json;

namespace {

const json::value* first_of(const json::object& o, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (const json::value* v = o.if_contains(key); v != nullptr && !v->is_null()) return v;
  return nullptr;
}

}  // namespace

std::vector<std::string> vector_store_ids(const json::object& kwargs, const json::object& group_args) {
  const json::value* ids = first_of(kwargs, {"vector_db_ids", "vector_store_ids"});
  if (ids == nullptr) ids = first_of(group_args, {"vector_db_ids", "vector_store_ids"});
  std::vector<std::string> out;
  if (ids != nullptr) {
    if (!ids->is_array())
      throw InvalidRequestError("knowledge_search: 'vector_db_ids' must be a list of vector store ids");
    for (const auto& id : ids->as_array()) {
      if (!id.is_string() || id.as_string().empty())
        throw InvalidRequestError("knowledge_search: 'vector_db_ids' must be a list of vector store ids");
      out.emplace_back(id.as_string());
    }
  }
  if (out.empty())
    throw InvalidRequestError(
        "No vector DBs were provided to the knowledge search tool. Please provide at least one vector DB ID.");
  return out;
}

json::object query_chunks_params(const std::string& vector_db_id, const std::string& query,
                                 const RagQueryConfig& config) {
  json::object params{{"mode", config.mode}, {"max_chunks", config.max_chunks}, {"score_threshold", 0.0}};
  if (config.ranker) {
    // The vector_io query's names for the ranker (the Python RAG tool passes
    // "ranker", which its providers ignore; ours apply it).
    json::object reranker_params = *config.ranker;
    const json::value* type = reranker_params.if_contains("type");
    params["reranker_type"] = type != nullptr && type->is_string() ? *type : json::value("rrf");
    reranker_params.erase("type");
    params["reranker_params"] = std::move(reranker_params);
  }
  return {{"vector_db_id", vector_db_id}, {"query", query}, {"params", std::move(params)}};
}

std::vector<ToolDef> RagRuntime::list_runtime_tools(const RequestContext&, const ToolGroupSpec&) { return rag_tools(); }

ToolInvocationResult RagRuntime::invoke_tool(const RequestContext& context, const ToolGroupSpec& group,
                                             const std::string& tool_name, const json::object& kwargs) {
  if (tool_name == kInsertIntoMemoryToolName) return insert(context, kwargs);
  if (tool_name != kKnowledgeSearchToolName)
    throw NotFoundError("provider '" + provider_id_ + "' (tool group '" + group.toolgroup_id +
                        "') has no tool '" + tool_name + "'; it serves knowledge_search and insert_into_memory");
  return knowledge_search(context, group, kwargs);
}

ToolInvocationResult RagRuntime::insert(const RequestContext& context, const json::object& kwargs) {
  const InsertRequest request = insert_request(kwargs);
  // An unknown store is a 404 before any document is read or fetched.
  vector_io_.retrieve_vector_store(context, request.vector_store_id);
  json::array chunks = document_chunks(request, http_, ids_);
  if (!chunks.empty())
    vector_io_.insert_chunks(context, {{"vector_db_id", request.vector_store_id}, {"chunks", std::move(chunks)}});
  ToolInvocationResult result;
  result.content = nullptr;
  return result;
}

ToolInvocationResult RagRuntime::knowledge_search(const RequestContext& context, const ToolGroupSpec& group,
                                                  const json::object& kwargs) {
  // Python's invoke_tool takes kwargs["query"] as it is ("" included).
  const json::value* query = kwargs.if_contains("query");
  if (query == nullptr || query->is_null())
    throw InvalidRequestError("invoke tool knowledge_search (provider '" + provider_id_ +
                              "'): kwargs 'query' is required");
  const json::value* config_value = first_of(kwargs, {"query_config"});
  if (config_value == nullptr) config_value = first_of(group.args, {"query_config"});
  if (config_value != nullptr && !config_value->is_object())
    throw InvalidRequestError("knowledge_search: 'query_config' must be an object");
  const RagQueryConfig config = parse_query_config(config_value ? &config_value->as_object() : nullptr);
  const std::vector<std::string> stores = vector_store_ids(kwargs, group.args);

  const std::string query_text = content_as_text(*query, config.separator);
  std::vector<FoundChunk> found;
  for (const auto& store : stores) {
    const json::object answer = vector_io_.query_chunks(context, query_chunks_params(store, query_text, config));
    const json::array& chunks = answer.at("chunks").as_array();
    const json::array& scores = answer.at("scores").as_array();
    for (std::size_t i = 0; i < chunks.size() && i < scores.size(); ++i) {
      json::object chunk = chunks[i].as_object();
      // Python tags each chunk's metadata with its store (a {chunk.metadata}
      // template shows it; {metadata} leaves it out).
      json::value& metadata = chunk["metadata"];
      if (!metadata.is_object()) metadata = json::object{};
      metadata.as_object()["vector_db_id"] = store;
      found.push_back({std::move(chunk), scores[i].to_number<double>(), store});
    }
  }
  ToolInvocationResult result = knowledge_search_result(std::move(found), config, *query);
  if (!result.metadata) result.metadata = json::object{};
  (*result.metadata)["citation_files"] = nullptr;
  return result;
}

}  // namespace llama_stack::rag
