#include "providers/kits/vector_core/chunking.hpp"

#include <llama_stack/errors.hpp>

#include <cctype>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

int integer_key(const json::object& o, std::string_view key, int fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr) return fallback;
  if (!v->is_int64() && !v->is_uint64())
    throw InvalidRequestError("chunking_strategy: parameter 'static." + std::string(key) +
                              "' must be an integer");
  return static_cast<int>(v->to_number<long long>());
}

}  // namespace

ChunkingStrategy chunking_strategy(const json::value* strategy) {
  ChunkingStrategy s;
  if (strategy == nullptr || strategy->is_null()) return s;
  if (!strategy->is_object())
    throw InvalidRequestError("parameter 'chunking_strategy' must be an object");
  const auto& o = strategy->as_object();
  const json::value* type = o.if_contains("type");
  if (type == nullptr || !type->is_string() ||
      (type->as_string() != "auto" && type->as_string() != "static"))
    throw InvalidRequestError("chunking_strategy: parameter 'type' must be 'auto' or 'static'");
  if (type->as_string() == "auto") return s;
  const json::value* params = o.if_contains("static");
  if (params == nullptr || !params->is_object())
    throw InvalidRequestError("chunking_strategy: parameter 'static' must be an object");
  s.max_chunk_size_tokens = integer_key(params->as_object(), "max_chunk_size_tokens", 800);
  s.chunk_overlap_tokens = integer_key(params->as_object(), "chunk_overlap_tokens", 400);
  if (s.max_chunk_size_tokens < 100 || s.max_chunk_size_tokens > 4096)
    throw InvalidRequestError(
        "chunking_strategy: parameter 'static.max_chunk_size_tokens' must be in [100, 4096], got " +
        std::to_string(s.max_chunk_size_tokens));
  if (s.chunk_overlap_tokens < 0 || s.chunk_overlap_tokens > s.max_chunk_size_tokens / 2)
    throw InvalidRequestError(
        "chunking_strategy: parameter 'static.chunk_overlap_tokens' must be in [0, " +
        std::to_string(s.max_chunk_size_tokens / 2) + "], got " +
        std::to_string(s.chunk_overlap_tokens));
  return s;
}

std::vector<std::string> chunk_text(std::string_view text, const ChunkingStrategy& strategy) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    const std::size_t start = i;
    while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  std::vector<std::string> chunks;
  const std::size_t size = static_cast<std::size_t>(strategy.max_chunk_size_tokens);
  const std::size_t step = size - static_cast<std::size_t>(strategy.chunk_overlap_tokens);
  for (std::size_t begin = 0; begin < words.size(); begin += step) {
    const std::size_t end = std::min(words.size(), begin + size);
    std::string chunk;
    for (std::size_t w = begin; w < end; ++w) {
      if (w > begin) chunk += ' ';
      chunk += words[w];
    }
    chunks.push_back(std::move(chunk));
    if (end == words.size()) break;
  }
  return chunks;
}

}  // namespace llama_stack::vector
