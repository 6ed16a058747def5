#pragma once
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace llama_stack {

// Builds the completion a stream of chat completion chunks adds up to: per
// choice, the role, the content and the tool calls (arguments joined by
// the tool call's index), the finish reason.
class ChatCompletionAssembler {
 public:
  void add(const boost::json::object& chunk);
  boost::json::object completion() const;

 private:
  boost::json::object head_;     // id, created, model, ... of the first chunk
  boost::json::array choices_;   // accumulated messages, by choice index
};

}  // namespace llama_stack
