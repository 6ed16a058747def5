#include "providers/openai_compat/base64_embedding.hpp"

#include <boost/json/array.hpp>

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace llama_stack::providers {

namespace {

std::string base64(const std::vector<unsigned char>& bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve(4 * ((bytes.size() + 2) / 3));
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::uint32_t n = (std::uint32_t{bytes[i]} << 16) |
                            (i + 1 < bytes.size() ? std::uint32_t{bytes[i + 1]} << 8 : 0) |
                            (i + 2 < bytes.size() ? std::uint32_t{bytes[i + 2]} : 0);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

}  // namespace

std::string encode_base64_embedding(const boost::json::array& values) {
  static_assert(std::endian::native == std::endian::little, "float32 bytes are written as stored");
  std::vector<unsigned char> bytes(values.size() * sizeof(float));
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float f = values[i].to_number<float>();
    std::memcpy(bytes.data() + i * sizeof(float), &f, sizeof(float));
  }
  return base64(bytes);
}

void encode_embeddings_as_base64(boost::json::object& response) {
  auto* data = response.if_contains("data");
  if (data == nullptr || !data->is_array()) return;
  for (auto& item : data->as_array()) {
    auto* entry = item.if_object();
    if (entry == nullptr) continue;
    auto* embedding = entry->if_contains("embedding");
    if (embedding != nullptr && embedding->is_array())
      *embedding = encode_base64_embedding(embedding->as_array());
  }
}

}  // namespace llama_stack::providers
