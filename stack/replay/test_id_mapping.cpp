#include "stack/replay/test_id_mapping.hpp"

#include <array>

namespace llama_stack::replay {

namespace {

constexpr std::string_view kPythonRoot = "tests/integration/";

// Removes every "-"-delimited parameter that is a client fixture. Model names
// hold "-" too ("3b-instruct-fp16"), so a parameter only counts when it is
// whole: bounded by the start or a "-" on the left and the end or a "-" on
// the right.
std::string without_client_params(std::string_view params) {
  std::string out(params);
  for (std::size_t start = 0; start <= out.size();) {
    std::size_t end = out.find('-', start);
    if (end == std::string::npos) end = out.size();
    if (is_client_fixture_param(std::string_view(out).substr(start, end - start))) {
      // The parameter and one of its separators.
      if (end < out.size()) out.erase(start, end - start + 1);
      else if (start > 0) out.erase(start - 1);
      else out.clear();
      continue;
    }
    start = end + 1;
  }
  return out;
}

}  // namespace

bool is_client_fixture_param(std::string_view param) noexcept {
  static constexpr std::array<std::string_view, 3> kClients{"client_with_models", "openai_client",
                                                            "llama_stack_client"};
  for (auto c : kClients)
    if (param == c) return true;
  return false;
}

std::string suite_test_id(std::string_view id) {
  if (id.substr(0, kPythonRoot.size()) == kPythonRoot) id.remove_prefix(kPythonRoot.size());
  const std::size_t sep = id.find("::");
  std::string_view file = id.substr(0, sep);
  std::string_view rest = sep == std::string_view::npos ? std::string_view() : id.substr(sep);
  std::string out(file);
  if (file.size() > 3 && file.substr(file.size() - 3) == ".py") out.replace(out.size() - 3, 3, ".cpp");

  const std::size_t open = rest.find('[');
  if (open == std::string_view::npos || rest.back() != ']') return out + std::string(rest);
  out += rest.substr(0, open);
  const std::string params = without_client_params(rest.substr(open + 1, rest.size() - open - 2));
  if (!params.empty()) out += "[" + params + "]";
  return out;
}

}  // namespace llama_stack::replay
