#pragma once
// The environment variables a stack is resolved against: the process
// environment, overlaid by explicit values (--env KEY=value, tests).
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

class Environment {
 public:
  // Reads through to the process environment for names not set here.
  static Environment process();
  // Sees only the values set here (for tests).
  static Environment isolated();

  std::optional<std::string> get(std::string_view name) const;
  void set(std::string name, std::string value);

 private:
  explicit Environment(bool read_process) : read_process_(read_process) {}
  bool read_process_;
  std::map<std::string, std::string, std::less<>> overrides_;
};

}  // namespace llama_stack
