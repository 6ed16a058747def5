#pragma once
// The Python stack's RAGQueryConfig: how knowledge_search turns its query
// into chunks and the chunks into the model's context. Parsed from the
// invoke kwargs' (or the tool group args') "query_config"; every field has
// Python's default, and a bad value is an InvalidRequestError naming
// query_config.<field>.
#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace llama_stack::rag {

inline constexpr const char* kDefaultChunkTemplate = "Result {index}\nContent: {chunk.content}\nMetadata: {metadata}\n";

struct RagQueryConfig {
  // query_generator_config {type: "default", separator}: the query is the
  // content's text joined by the separator. ("llm", which asks a model to
  // write the query, is refused: this provider has no inference dependency.)
  // An object given must name its "type", as Python's tagged union.
  std::string separator = " ";
  std::int64_t max_tokens_in_context = 4096;  // any integer, as Python
  std::int64_t max_chunks = 5;  // at least 1 here (Python takes any integer)
  // Must hold {index} and {chunk.content}; {metadata}, {chunk.metadata} and
  // {chunk.chunk_id} are the other fields it may use.
  std::string chunk_template = kDefaultChunkTemplate;
  std::string mode = "vector";  // vector | keyword | hybrid
  // ranker {type: rrf, impact_factor > 0 (60)} | {type: weighted, alpha in
  // [0, 1] (0.5)}, "type" required, defaults filled in; passed on as the
  // vector_io query's reranker_type / reranker_params.
  std::optional<boost::json::object> ranker;
};

RagQueryConfig parse_query_config(const boost::json::object* query_config);

}  // namespace llama_stack::rag
