#pragma once
// Runs the built llama-stack-test ($LLAMA_STACK_TEST_BINARY) as a user runs
// it, in an environment without an inherited mode, stack or recordings dir,
// and reads what it prints.
#include <doctest/doctest.h>

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <vector>

namespace runner_command {

struct Result {
  int status = -1;
  std::string output;  // stdout and stderr
};

inline std::string quoted(const std::string& arg) {
  std::string out = "'";
  for (char c : arg) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline Result run(const std::vector<std::string>& args) {
  const char* binary = std::getenv("LLAMA_STACK_TEST_BINARY");
  if (binary == nullptr) throw std::runtime_error("LLAMA_STACK_TEST_BINARY is not set (meson sets it)");
  // An isolated environment: no inherited mode, stack or recording dir.
  std::string command = "env -u LLAMA_STACK_CONFIG -u LLAMA_STACK_TEST_INFERENCE_MODE "
                        "-u LLAMA_STACK_TEST_RECORDING_DIR " + quoted(binary);
  for (const auto& a : args) command += " " + quoted(a);
  command += " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("cannot run " + command);
  Result result;
  std::array<char, 4096> buffer;
  while (std::size_t n = std::fread(buffer.data(), 1, buffer.size(), pipe)) result.output.append(buffer.data(), n);
  const int wait_status = pclose(pipe);
  result.status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : -1;
  return result;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

inline std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (std::size_t at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + 1)) ++n;
  return n;
}

// Runs the binary, checks its exit status and that it printed `text`, and
// returns what it printed.
inline std::string expect(const std::vector<std::string>& args, int status, const std::string& text) {
  auto r = run(args);
  CAPTURE(r.output);
  CHECK(r.status == status);
  CHECK(contains(r.output, text));
  return r.output;
}

}  // namespace runner_command
