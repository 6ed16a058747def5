#include "providers/tool_runtime/rag_runtime/knowledge_search.hpp"

#include "providers/tool_runtime/rag_runtime/python_repr.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace llama_stack::rag {

namespace json = boost::json;

namespace {

json::object text_item(std::string text) { return {{"type", "text"}, {"text", std::move(text)}}; }

std::int64_t count_of(const json::object& metadata, std::string_view key) {
  const json::value* v = metadata.if_contains(key);
  return v != nullptr && v->is_number() ? v->to_number<std::int64_t>() : 0;
}

const json::object& object_or_empty(const json::object& o, std::string_view key) {
  static const json::object empty;
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? v->as_object() : empty;
}

// Python's Chunk.document_id: metadata's, else chunk_metadata's, else None.
json::value document_id_of(const json::object& chunk) {
  for (const char* where : {"metadata", "chunk_metadata"})
    if (const json::value* id = object_or_empty(chunk, where).if_contains("document_id"); id && !id->is_null())
      return *id;
  return nullptr;
}

std::string text_of(const json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : json::serialize(v);
}

}  // namespace

std::vector<ToolDef> rag_tools() {
  ToolDef insert;
  insert.name = std::string(kInsertIntoMemoryToolName);
  // The Python provider lists it without parameters (input_schema None):
  // models are not meant to call it; the rag-tool insert route runs it.
  insert.description = "Insert documents into memory";
  ToolDef search;
  search.name = std::string(kKnowledgeSearchToolName);
  search.description = "Search for information in a database.";
  search.input_schema = {
      {"type", "object"},
      {"properties",
       json::object{{"query",
                     json::object{{"type", "string"},
                                  {"description",
                                   "The query to search for. Can be a natural language sentence or keywords."}}}}},
      {"required", json::array{"query"}}};
  return {insert, search};
}

std::string content_as_text(const json::value& content, std::string_view separator) {
  if (content.is_string()) return std::string(content.as_string());
  if (content.is_array()) {
    std::string out;
    bool first = true;
    for (const auto& item : content.as_array()) {
      if (!first) out += separator;
      first = false;
      out += content_as_text(item, separator);
    }
    return out;
  }
  if (content.is_object()) {
    const json::object& item = content.as_object();
    const json::value* type = item.if_contains("type");
    if (type != nullptr && type->is_string() && type->as_string() == "image") return "<image>";
    if (const json::value* text = item.if_contains("text"); text != nullptr && text->is_string())
      return std::string(text->as_string());
  }
  return json::serialize(content);
}

json::object metadata_for_context(const json::object& chunk) {
  json::object out;
  if (const json::value* cm = chunk.if_contains("chunk_metadata"); cm != nullptr && cm->is_object())
    for (const char* key : {"chunk_id", "document_id", "source"}) {
      const json::value* v = cm->as_object().if_contains(key);
      out[key] = v != nullptr ? *v : json::value(nullptr);
    }
  for (const auto& [key, value] : object_or_empty(chunk, "metadata"))
    if (key != "token_count" && key != "metadata_token_count" && key != "vector_db_id") out[key] = value;
  return out;
}

std::string format_chunk(std::string_view tmpl, std::size_t index, const json::object& chunk) {
  std::string out;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    const char c = tmpl[i];
    if ((c == '{' || c == '}') && i + 1 < tmpl.size() && tmpl[i + 1] == c) {
      out += c;
      ++i;
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    const std::size_t close = tmpl.find('}', i);
    if (close == std::string_view::npos)
      throw InvalidRequestError("knowledge_search: query_config.chunk_template has an unclosed '{'");
    const std::string_view field = tmpl.substr(i + 1, close - i - 1);
    if (field == "index") out += std::to_string(index);
    else if (field == "chunk.content") out += content_as_text(chunk.contains("content") ? chunk.at("content") : json::value(""), " ");
    else if (field == "chunk.chunk_id") out += chunk.contains("chunk_id") ? text_of(chunk.at("chunk_id")) : "None";
    else if (field == "chunk.metadata") out += python_repr(object_or_empty(chunk, "metadata"));
    else if (field == "metadata") out += python_repr(metadata_for_context(chunk));
    else
      throw InvalidRequestError("knowledge_search: query_config.chunk_template field '{" + std::string(field) +
                                "}' is unknown; it may use {index}, {chunk.content}, {chunk.chunk_id}, "
                                "{chunk.metadata} and {metadata}");
    i = close;
  }
  return out;
}

ToolInvocationResult knowledge_search_result(std::vector<FoundChunk> found, const RagQueryConfig& config,
                                             const json::value& query) {
  ToolInvocationResult result;
  result.content = json::array{};
  if (found.empty()) return result;
  std::stable_sort(found.begin(), found.end(),
                   [](const FoundChunk& a, const FoundChunk& b) { return a.score > b.score; });
  if (found.size() > static_cast<std::size_t>(config.max_chunks))
    found.resize(static_cast<std::size_t>(config.max_chunks));

  json::array picked;
  picked.push_back(text_item("knowledge_search tool found " + std::to_string(found.size()) +
                             " chunks:\nBEGIN of knowledge_search tool results.\n"));
  std::int64_t tokens = 0;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const json::object& metadata = object_or_empty(found[i].chunk, "metadata");
    tokens += count_of(metadata, "token_count") + count_of(metadata, "metadata_token_count");
    if (tokens > config.max_tokens_in_context) break;
    picked.push_back(text_item(format_chunk(config.chunk_template, i + 1, found[i].chunk)));
  }
  picked.push_back(text_item("END of knowledge_search tool results.\n"));
  picked.push_back(text_item("The above results were retrieved to help answer the user's query: \"" +
                             content_as_text(query, " ") +
                             "\". Use them as supporting information only in answering this query.\n"));

  // Python slices these by len(picked), which counts the three framing
  // items too: every found chunk is listed unless the token budget cut the
  // text short by more than three. Kept so the metadata is Python's.
  const std::size_t listed = std::min(found.size(), picked.size());
  json::array document_ids, chunks, scores, store_ids;
  for (std::size_t i = 0; i < listed; ++i) {
    document_ids.push_back(document_id_of(found[i].chunk));
    chunks.push_back(found[i].chunk.contains("content") ? found[i].chunk.at("content") : json::value(nullptr));
    scores.push_back(found[i].score);
    store_ids.push_back(json::value(found[i].vector_db_id));
  }
  result.content = std::move(picked);
  result.metadata = json::object{{"document_ids", std::move(document_ids)},
                                 {"chunks", std::move(chunks)},
                                 {"scores", std::move(scores)},
                                 {"vector_db_ids", std::move(store_ids)}};
  return result;
}

}  // namespace llama_stack::rag
