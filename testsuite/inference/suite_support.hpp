#pragma once
// Helpers for the integration suite's inference tests: which provider serves
// a model (for the guide's "Provider-Specific Tests" skips) and text checks.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <string>
#include <string_view>

namespace llama_stack::testing {

inline std::string provider_type_of(TestContext& t, const std::string& model) {
  auto& client = t.client();
  const auto record = client.models.retrieve(model);
  for (const auto& p : client.providers.list())
    if (p.provider_id == record.provider_id) return p.provider_type;
  return {};
}

// Skips the test when `model` is served by one of `provider_types`.
inline void skip_if_served_by(TestContext& t, const std::string& model,
                              std::initializer_list<std::string_view> provider_types,
                              std::string_view what) {
  const std::string type = provider_type_of(t, model);
  for (auto p : provider_types)
    if (type == p) t.skip("model " + model + " hosted by " + type + " does not support " + std::string(what));
}

// Lower-cased ASCII with diacritics dropped, so "sōl" contains "sol".
inline std::string normalized(std::string_view text) {
  std::string out;
  for (unsigned char c : text)
    if (c < 0x80) out += static_cast<char>(std::tolower(c));
  return out;
}

inline bool mentions(std::string_view text, std::string_view word) {
  return normalized(text).find(normalized(word)) != std::string::npos;
}

}  // namespace llama_stack::testing
