#pragma once
// The text of a file attached to a store: plain text, markdown, JSON and
// other text formats, as UTF-8. Anything else (PDF, images, binary) is
// refused: we have no extractor for it, and the file is then recorded as
// failed with OpenAI's last_error code "unsupported_file".
#include <llama_stack/apis/vector_io.hpp>

#include <string>

namespace llama_stack::vector {

struct FileText {
  std::string text;
  std::string error;  // empty when `text` is the file's text
};

FileText file_text(const VectorStoreFileInput& file);

}  // namespace llama_stack::vector
