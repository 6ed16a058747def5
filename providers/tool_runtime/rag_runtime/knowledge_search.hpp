#pragma once
// knowledge_search's answer, as the Python RAG tool (MemoryToolRuntimeImpl
// .query) builds it from the chunks its vector stores returned: the chunks
// of every store sorted by score (best first, ties in store order), cut to
// max_chunks, then laid out as text items
//
//   "knowledge_search tool found N chunks:\nBEGIN of knowledge_search tool results.\n"
//   chunk_template per chunk ("Result 1\nContent: ...\nMetadata: {...}\n"),
//     until the chunks' token_count + metadata_token_count exceed max_tokens_in_context
//   "END of knowledge_search tool results.\n"
//   "The above results were retrieved to help answer the user's query: \"Q\". Use them as supporting information only in answering this query.\n"
//
// with metadata {document_ids, chunks, scores, vector_db_ids}. Kept apart
// from the provider so unit tests check the text without a stack.
#include "providers/tool_runtime/rag_runtime/rag_query_config.hpp"

#include <llama_stack/apis/tool_runtime.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::rag {

inline constexpr std::string_view kKnowledgeSearchToolName = "knowledge_search";
inline constexpr std::string_view kInsertIntoMemoryToolName = "insert_into_memory";

// The two tools the Python provider lists, with its descriptions and schema.
std::vector<ToolDef> rag_tools();

// A chunk a store answered ({content, metadata, chunk_id, chunk_metadata?}),
// its score and the store.
struct FoundChunk {
  boost::json::object chunk;
  double score = 0;
  std::string vector_db_id;
};

// Python's interleaved_content_as_str: a string as it is; a content item's
// text ("<image>" for an image); a list's items joined by `separator`.
std::string content_as_text(const boost::json::value& content, std::string_view separator);

// The dict the template's {metadata} shows: chunk_metadata's chunk_id,
// document_id and source (when the chunk has chunk_metadata), then the
// chunk's metadata without token_count, metadata_token_count and vector_db_id.
boost::json::object metadata_for_context(const boost::json::object& chunk);

// One chunk through the template: {index} (1-based), {chunk.content},
// {chunk.chunk_id}, {chunk.metadata}, {metadata} (Python reprs of the
// dicts); {{ and }} are braces. InvalidRequestError naming another field.
std::string format_chunk(std::string_view chunk_template, std::size_t index,
                         const boost::json::object& chunk);

// The tool's answer; content is [] and metadata absent when nothing was found.
ToolInvocationResult knowledge_search_result(std::vector<FoundChunk> found, const RagQueryConfig& config,
                                             const boost::json::value& query);

}  // namespace llama_stack::rag
