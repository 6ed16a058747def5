// The RAG tool's data: URLs (providers/tool_runtime/rag_runtime parse_data_url), and the
// SDK's base64 codec under it. Properties: only InvalidRequestError
// escapes; a URL not starting with "data:" is not one (nullopt); a base64
// URL that parses decodes to bytes whose encoding is its data again (the
// codec accepts only canonical padded base64); any bytes encoded into a
// data URL come back unchanged.
#include "fuzz/fuzz_support.hpp"
#include "providers/tool_runtime/rag_runtime/data_url.hpp"

#include <llama_stack/base64.hpp>
#include <llama_stack/errors.hpp>

#include <string>

using llama_stack::rag::parse_data_url;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text = llama_stack::fuzz::as_text(data, size);
  try {
    const auto url = parse_data_url(text, "documents[0].content");
    llama_stack::fuzz::check(url.has_value() == text.starts_with("data:"),
                             "only a text starting with data: is a data URL");
    if (url) {
      const auto comma = text.find(',');
      llama_stack::fuzz::check(comma != std::string_view::npos, "a data URL has a comma");
      const std::string_view head = text.substr(0, comma);
      if (head.ends_with(";base64")) {
        const std::string_view payload = text.substr(comma + 1);
        const auto again = llama_stack::base64::decode(payload);
        llama_stack::fuzz::check(again && *again == url->data, "the URL's data is its base64 decoded");
        // Padding bits may differ (e.g. "Zh==" and "Zg==" both decode to "f").
        const auto round = llama_stack::base64::decode(llama_stack::base64::encode(url->data));
        llama_stack::fuzz::check(round && *round == url->data, "base64 round trip of decoded bytes");
      }
    }
  } catch (const llama_stack::InvalidRequestError&) {
  }
  // Any bytes, carried in a base64 data URL, come back as they were.
  const std::string bytes(text);
  const auto carried = parse_data_url("data:application/octet-stream;base64," + llama_stack::base64::encode(bytes),
                                      "fuzz");
  llama_stack::fuzz::check(carried && carried->data == bytes && carried->mime_type == "application/octet-stream",
                           "encoded bytes come back from a data URL");
  return 0;
}
