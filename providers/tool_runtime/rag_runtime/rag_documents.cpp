#include "providers/tool_runtime/rag_runtime/rag_documents.hpp"

#include "providers/tool_runtime/rag_runtime/data_url.hpp"
#include "providers/tool_runtime/rag_runtime/knowledge_search.hpp"
#include "providers/tool_runtime/rag_runtime/python_repr.hpp"
#include "providers/kits/vector_core/chunking.hpp"
#include "providers/kits/vector_core/file_text.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/serialize.hpp>

#include <cctype>

namespace llama_stack::rag {

namespace json = boost::json;

namespace {

constexpr const char* kOp = "rag-tool insert";

[[noreturn]] void bad(const std::string& what) { throw InvalidRequestError(std::string(kOp) + ": " + what); }

// "/path?query" of an http(s) URL: what the recording is keyed on.
std::string endpoint_of(std::string_view url) {
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme + 3);
  return slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
}

std::size_t words(std::string_view text) {
  std::size_t n = 0;
  bool in_word = false;
  for (unsigned char c : text) {
    const bool space = std::isspace(c) != 0;
    if (!space && !in_word) ++n;
    in_word = !space;
  }
  return n;
}

const json::object& metadata_of(const json::object& document, const std::string& where) {
  static const json::object empty;
  const json::value* v = document.if_contains("metadata");
  if (v == nullptr || v->is_null()) return empty;
  if (!v->is_object()) bad("parameter '" + where + ".metadata' must be an object");
  return v->as_object();
}

std::string string_of(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// Bytes read as a file attached to a store reads them.
std::string bytes_text(const json::object& document, const std::string& where, std::string content_type,
                       std::string data) {
  std::string filename = string_of(metadata_of(document, where), "filename");
  if (filename.empty()) filename = string_of(document, "document_id");
  if (content_type.empty()) content_type = string_of(document, "mime_type");
  auto text = vector::file_text({"", filename, content_type, std::move(data), ""});
  if (!text.error.empty()) bad("parameter '" + where + ".content': " + text.error);
  return std::move(text.text);
}

std::string fetched_text(const json::object& document, const std::string& where, const std::string& url,
                         HttpClient& http) {
  if (!url.starts_with("http://") && !url.starts_with("https://"))
    bad("parameter '" + where + ".content': URL '" + url + "' is neither http(s) nor a data: URL");
  HttpRequest request;
  request.method = "GET";
  request.url = url;
  request.endpoint = endpoint_of(url);
  request.body = nullptr;
  const HttpResponse response = http.send(request);
  if (response.status < 200 || response.status >= 300)
    bad("parameter '" + where + ".content': GET " + url + " answered HTTP " + std::to_string(response.status));
  return bytes_text(document, where, std::string(header_value(response.headers, "content-type").value_or("")), response.body);
}

}  // namespace

InsertRequest insert_request(const json::object& body) {
  InsertRequest r;
  const json::value* documents = body.if_contains("documents");
  if (documents == nullptr || documents->is_null()) bad("parameter 'documents' is required");
  if (!documents->is_array()) bad("parameter 'documents' must be a list of documents");
  r.documents = documents->as_array();
  for (const char* key : {"vector_store_id", "vector_db_id"})
    if (const json::value* v = body.if_contains(key); v != nullptr && !v->is_null()) {
      if (!v->is_string() || v->as_string().empty())
        bad("parameter '" + std::string(key) + "' must be a vector store id");
      r.vector_store_id = std::string(v->as_string());
      break;
    }
  if (r.vector_store_id.empty()) bad("parameter 'vector_store_id' (or 'vector_db_id') is required");
  if (const json::value* v = body.if_contains("chunk_size_in_tokens"); v != nullptr && !v->is_null()) {
    if (!v->is_int64() && !v->is_uint64())
      bad("parameter 'chunk_size_in_tokens' must be an integer, got " + json::serialize(*v));
    const auto n = v->to_number<long long>();
    // The static chunking strategy's limits, which the Python tool's
    // chunking config enforces too.
    if (n < 100 || n > 4096) bad("parameter 'chunk_size_in_tokens' must be in [100, 4096], got " + std::to_string(n));
    r.chunk_size_in_tokens = static_cast<int>(n);
  }
  return r;
}

std::string document_text(const json::object& document, std::size_t index, HttpClient& http) {
  const std::string where = "documents[" + std::to_string(index) + "]";
  const json::value* content = document.if_contains("content");
  if (content == nullptr || content->is_null()) bad("parameter '" + where + ".content' is required");
  // A URL: {"uri": "..."}.
  if (content->is_object() && !content->as_object().contains("type")) {
    const json::value* uri = content->as_object().if_contains("uri");
    if (uri == nullptr || !uri->is_string())
      bad("parameter '" + where + ".content' must be text, content items or {\"uri\": \"<url>\"}");
    const std::string url(uri->as_string());
    if (auto data = parse_data_url(url, where + ".content"))
      return bytes_text(document, where, data->mime_type, std::move(data->data));
    return fetched_text(document, where, url, http);
  }
  if (!content->is_string() && !content->is_object() && !content->is_array())
    bad("parameter '" + where + ".content' must be text, content items or {\"uri\": \"<url>\"}");
  std::string text = content_as_text(*content, " ");
  if (auto data = parse_data_url(text, where + ".content"))
    return bytes_text(document, where, data->mime_type, std::move(data->data));
  return text;
}

json::array document_chunks(const InsertRequest& request, HttpClient& http, IdMinter& ids) {
  const vector::ChunkingStrategy strategy{request.chunk_size_in_tokens, request.chunk_size_in_tokens / 4};
  json::array chunks;
  for (std::size_t i = 0; i < request.documents.size(); ++i) {
    const std::string where = "documents[" + std::to_string(i) + "]";
    if (!request.documents[i].is_object()) bad("parameter '" + where + "' must be an object");
    const json::object& document = request.documents[i].as_object();
    const json::value* id = document.if_contains("document_id");
    if (id == nullptr || !id->is_string() || id->as_string().empty())
      bad("parameter '" + where + ".document_id' is required (a string)");
    const json::object& metadata = metadata_of(document, where);
    const std::string text = document_text(document, i, http);
    // Python counts the tokens of str(metadata), the dict as it prints.
    const auto metadata_tokens = static_cast<std::int64_t>(words(python_repr(metadata)));
    const json::value* source = metadata.if_contains("source");
    for (auto& piece : vector::chunk_text(text, strategy)) {
      const auto tokens = static_cast<std::int64_t>(words(piece));
      const std::string chunk_id = ids.mint("chunk-");
      json::object chunk_meta = metadata;
      chunk_meta["chunk_id"] = chunk_id;
      chunk_meta["document_id"] = *id;
      chunk_meta["token_count"] = tokens;
      chunk_meta["metadata_token_count"] = metadata_tokens;
      chunks.push_back(json::object{
          {"content", std::move(piece)},
          {"chunk_id", chunk_id},
          {"metadata", std::move(chunk_meta)},
          {"chunk_metadata", json::object{{"chunk_id", chunk_id},
                                          {"document_id", *id},
                                          {"source", source != nullptr ? *source : json::value(nullptr)},
                                          {"content_token_count", tokens},
                                          {"metadata_token_count", metadata_tokens}}}});
    }
  }
  return chunks;
}

}  // namespace llama_stack::rag
