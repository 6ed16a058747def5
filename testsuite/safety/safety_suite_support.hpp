#pragma once
// Helpers of the safety suite tests: the Python fixtures they stand for
// (available_shields, model_providers) and a user message.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <boost/json.hpp>

#include <set>
#include <stdexcept>
#include <string>
#include <string_view>

namespace llama_stack::testing {

inline boost::json::object user_message(boost::json::value content) {
  return {{"role", "user"}, {"content", std::move(content)}};
}

// The Python fixture model_providers: the inference providers' ids.
inline std::set<std::string> model_providers(TestContext& t) {
  std::set<std::string> out;
  for (const auto& p : t.client().providers.list())
    if (p.api == "inference") out.insert(p.provider_id);
  return out;
}

// As Python prints a set of strings: {'ollama', 'openai'}.
inline std::string python_set(const std::set<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "'" : ", '") + i + "'";
  return items.empty() ? "set()" : "{" + out + "}";
}

inline bool has_shield(TestContext& t, std::string_view id) {
  for (const auto& s : t.client().shields.list())
    if (s.identifier == id) return true;
  return false;
}

// The shield's model, as test_safety.py reads it for moderations.
inline std::string shield_model(TestContext& t, std::string_view shield_id) {
  for (const auto& s : t.client().shields.list())
    if (s.identifier == shield_id) return s.provider_resource_id;
  throw std::runtime_error("shield " + std::string(shield_id) + " is not among the stack's shields");
}

}  // namespace llama_stack::testing
