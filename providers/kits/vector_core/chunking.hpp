#pragma once
// OpenAI's static chunking strategy: windows of max_chunk_size_tokens
// tokens overlapping by chunk_overlap_tokens (defaults 800 / 400). Tokens are
// whitespace-separated words: the store has no tokenizer of the embedding
// model, and a word count bounds the model's tokens from below only.
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::vector {

struct ChunkingStrategy {
  int max_chunk_size_tokens = 800;
  int chunk_overlap_tokens = 400;
};

// From a request's chunking_strategy ({type: auto} or {type: static,
// static: {...}}); InvalidRequestError naming the bad key (OpenAI's limits:
// size 100..4096, overlap at most half the size).
ChunkingStrategy chunking_strategy(const boost::json::value* strategy);

// The chunks of `text`, each its words joined by single spaces.
std::vector<std::string> chunk_text(std::string_view text, const ChunkingStrategy& strategy);

}  // namespace llama_stack::vector
