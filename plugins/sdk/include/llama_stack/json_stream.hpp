#pragma once
// A stream of JSON objects (chat completion chunks, ...), pulled one at a time
// so that callers see each chunk when it arrives rather than a buffered list.
#include <boost/json/object.hpp>

#include <optional>

namespace llama_stack {

class JsonStream {
 public:
  virtual ~JsonStream() = default;
  // The next chunk, or nullopt once the stream has ended.
  virtual std::optional<boost::json::object> next() = 0;
};

}  // namespace llama_stack
