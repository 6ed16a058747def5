#include "testsuite/support/data_uri.hpp"

#include <llama_stack/base64.hpp>

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace llama_stack::testing {

std::string data_uri(const std::filesystem::path& file, std::string_view mime_type) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file.string() + ": cannot read test fixture");
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return "data:" + std::string(mime_type) + ";base64," + base64::encode(bytes);
}

}  // namespace llama_stack::testing
