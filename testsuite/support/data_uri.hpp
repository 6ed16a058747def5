#pragma once
// data: URIs of test fixtures, as clients send images inline.
#include <filesystem>
#include <string>
#include <string_view>

namespace llama_stack::testing {

// "data:<mime>;base64,<contents of file>"; throws std::runtime_error naming
// the file when it cannot be read.
std::string data_uri(const std::filesystem::path& file, std::string_view mime_type);

}  // namespace llama_stack::testing
