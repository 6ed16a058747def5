#pragma once
// doctest's own command-line options (doctest 2.4), which llama-stack-test
// passes through. Knowing them lets the runner reject a typo instead of
// letting doctest silently ignore it and run every test.
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::testing {

struct DoctestOption {
  enum class Kind {
    filter,  // -tc=PATTERN: narrows the test cases run; only with "=" as value
    value,   // -r=junit: only with "=" (doctest ignores "-r junit")
    flag,   // -nc, or -nc=true/false
    query,  // --help, --list-test-cases, ...: doctest answers and runs nothing
  };
  std::string name;        // "test-case"
  std::string short_name;  // "tc"
  Kind kind;
};

const std::vector<DoctestOption>& doctest_options();

// A command-line word as doctest reads it: any number of leading dashes, an
// optional "dt-" prefix, the name, then "=value".
struct DoctestWord {
  std::string name;  // without dashes, prefix and value
  bool prefixed = false;
  bool has_value = false;
  const DoctestOption* option = nullptr;  // null: doctest does not know it
};
DoctestWord read_doctest_word(std::string_view arg);

}  // namespace llama_stack::testing
