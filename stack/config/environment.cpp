#include "stack/config/environment.hpp"

#include <cstdlib>

namespace llama_stack {

Environment Environment::process() { return Environment(true); }

Environment Environment::isolated() { return Environment(false); }

std::optional<std::string> Environment::get(std::string_view name) const {
  if (auto it = overrides_.find(name); it != overrides_.end()) return it->second;
  if (!read_process_) return std::nullopt;
  // getenv needs a NUL-terminated name; string_view does not promise one.
  const std::string key(name);
  if (const char* value = std::getenv(key.c_str())) return std::string(value);
  return std::nullopt;
}

void Environment::set(std::string name, std::string value) {
  overrides_.insert_or_assign(std::move(name), std::move(value));
}

}  // namespace llama_stack
