#pragma once
// The HTTP answer behind a Python recording of a provider error. The Python
// recorder (llama_stack/testing/exception_utils.py in later versions) stores
// "response": {"is_exception": true, "exception_data": {"category",
// "provider", "type", "message", "status_code", "body"}} — the SDK's
// exception, not what the upstream sent. The answer is rebuilt from it only
// where the SDK's rules make it certain (see python_importer.hpp).
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <variant>

namespace llama_stack::replay {

// Why an answer with a transient status (408, 429, 5xx) is not imported.
inline constexpr std::string_view kTransientFailureSkipped =
    "a transient failure (408, 429 or 5xx): not kept, it would fail every later replay";

struct UpstreamAnswer {
  int status = 0;
  boost::json::value body;  // JSON, or a string for a body that was not JSON
};

// The answer, or why it cannot be rebuilt (one of a few fixed texts).
std::variant<UpstreamAnswer, std::string> python_error_answer(
    const boost::json::object& response);

}  // namespace llama_stack::replay
