#include "testsuite/support/data_uri.hpp"

#include <openssl/evp.h>

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace llama_stack::testing {

std::string data_uri(const std::filesystem::path& file, std::string_view mime_type) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read test fixture");
  const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)),
                                         std::istreambuf_iterator<char>());
  std::string encoded(4 * ((bytes.size() + 2) / 3), '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                      bytes.data(), static_cast<int>(bytes.size()));
  encoded.resize(static_cast<std::size_t>(written));
  return "data:" + std::string(mime_type) + ";base64," + encoded;
}

}  // namespace llama_stack::testing
