#pragma once
// The RAG tool's insert (POST /v1/tool-runtime/rag-tool/insert, which the
// stack routes to insert_into_memory): RAGDocuments {document_id, content,
// mime_type?, metadata?} become chunks of a vector store.
//
// A document's content is text (a string, a content item or a list of
// them, read as Python's interleaved_content_as_str), a data: URL (in a
// string or a {"uri": ...}), or a URL fetched through the stack's HTTP
// client (so a recording run records it). Bytes become text as a file
// attached to a store does (vector_core/file_text: text formats only); the
// text is cut by vector_core's static chunker into windows of
// chunk_size_in_tokens words overlapping by a quarter of that, as the
// Python tool asks of its chunker. Each chunk carries the Python chunk's
// metadata: the document's, then document_id, chunk_id, token_count and
// metadata_token_count (word counts: no tokenizer here), and its
// chunk_metadata {chunk_id, document_id, source, content_token_count,
// metadata_token_count}.
#include <llama_stack/http_client.hpp>
#include <llama_stack/id_minter.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>

namespace llama_stack::rag {

struct InsertRequest {
  boost::json::array documents;
  std::string vector_store_id;
  int chunk_size_in_tokens = 512;
};

// From the insert's body (or insert_into_memory's kwargs): documents
// (required, a list), vector_store_id (or its older name vector_db_id,
// required), chunk_size_in_tokens (default 512; the static chunking limits
// [100, 4096]). InvalidRequestError naming the parameter.
InsertRequest insert_request(const boost::json::object& body);

// The text of documents[index]; InvalidRequestError naming
// documents[index].<field> for a missing or unreadable content, a failed fetch.
std::string document_text(const boost::json::object& document, std::size_t index, HttpClient& http);

// The chunks of every document, ready for vector_io's insert_chunks.
boost::json::array document_chunks(const InsertRequest& request, HttpClient& http, IdMinter& ids);

}  // namespace llama_stack::rag
