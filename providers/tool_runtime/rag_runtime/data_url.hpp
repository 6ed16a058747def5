#pragma once
// A data: URL as the Python RAG tool reads a document's (parse_data_url):
//   data:[<mimetype>][;charset=<encoding>][;base64],<data>
// Base64 data is decoded; other data is taken as its UTF-8 text, without
// percent-decoding, as Python takes it.
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack::rag {

struct DataUrl {
  std::string mime_type;  // empty when the URL names none
  std::string data;       // the decoded bytes
};

// nullopt when `url` does not start with "data:"; InvalidRequestError
// (naming `where`) when it does but is not of that shape (Python's "Invalid
// Data URL format"), or its base64 is malformed.
std::optional<DataUrl> parse_data_url(std::string_view url, std::string_view where);

}  // namespace llama_stack::rag
