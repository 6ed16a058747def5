#pragma once
// OpenAI's `encoding_format: "base64"` embeddings: the vector as
// little-endian float32 bytes, base64-encoded. For upstreams that only
// answer floats, the provider asks for floats and encodes them itself (as
// the Python stack's Ollama adapter does).
#include <boost/json/object.hpp>

#include <string>

namespace llama_stack::providers {

// The base64 text of `values` (numbers) as little-endian float32.
std::string encode_base64_embedding(const boost::json::array& values);

// Rewrites every data[i].embedding float list of an embeddings response to
// its base64 form, in place.
void encode_embeddings_as_base64(boost::json::object& response);

}  // namespace llama_stack::providers
