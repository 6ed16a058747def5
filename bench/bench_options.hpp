#pragma once
// The one command-line reader of the bench binaries: `--help` prints the
// usage and exits 0; an unknown flag, a missing value or a value the flag
// refuses prints what is wrong and the usage to stderr and exits 2 (never an
// uncaught exception from a number parser).
#include <charconv>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace bench {

struct Flag {
  std::string name;        // "--runs"
  std::string value_name;  // "N"
  std::string help;
  // Takes the flag's value; returns what is wrong with it, or "" when taken.
  std::function<std::string(std::string_view)> take;
};

// Reads a whole number of at least `min` into `out`; returns what is wrong
// with `value`, or "".
template <class Int>
std::string parse_count(std::string_view value, Int min, Int& out) {
  Int n{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size())
    return "'" + std::string(value) + "' is not a whole number";
  if (n < min) return "must be at least " + std::to_string(min);
  out = n;
  return {};
}

// A flag taking a whole number of at least `min` into `target`.
template <class Int>
Flag count_flag(std::string name, std::string help, Int& target, Int min = 1) {
  return {std::move(name), "N", std::move(help),
          [&target, min](std::string_view value) { return parse_count(value, min, target); }};
}

inline std::string usage(std::string_view program, std::string_view summary,
                         const std::vector<Flag>& flags) {
  std::string out = "usage: " + std::string(program);
  for (const auto& f : flags) out += " [" + f.name + " " + f.value_name + "]";
  out += "\n" + std::string(summary) + "\n";
  for (const auto& f : flags) out += "  " + f.name + " " + f.value_name + "  " + f.help + "\n";
  return out;
}

inline void parse_options(int argc, char** argv, std::string_view program, std::string_view summary,
                          const std::vector<Flag>& flags) {
  auto refuse = [&](const std::string& problem) {
    std::fprintf(stderr, "%s: %s\n%s", std::string(program).c_str(), problem.c_str(),
                 usage(program, summary, flags).c_str());
    std::exit(2);
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(usage(program, summary, flags).c_str(), stdout);
      std::exit(0);
    }
    const Flag* flag = nullptr;
    for (const auto& f : flags)
      if (f.name == arg) flag = &f;
    if (flag == nullptr) refuse("unknown option '" + std::string(arg) + "'");
    if (i + 1 >= argc) refuse(flag->name + " needs a value (" + flag->value_name + ")");
    if (const std::string problem = flag->take(argv[++i]); !problem.empty())
      refuse(flag->name + ": " + problem);
  }
}

}  // namespace bench
