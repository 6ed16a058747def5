#include "testsuite/runner/doctest_options.hpp"

namespace llama_stack::testing {

const std::vector<DoctestOption>& doctest_options() {
  using K = DoctestOption::Kind;
  // As doctest 2.4's Context::parseArgs reads them.
  static const std::vector<DoctestOption> options{
      {"source-file", "sf", K::filter},
      {"source-file-exclude", "sfe", K::filter},
      {"test-suite", "ts", K::filter},
      {"test-suite-exclude", "tse", K::filter},
      {"test-case", "tc", K::filter},
      {"test-case-exclude", "tce", K::filter},
      {"subcase", "sc", K::value},
      {"subcase-exclude", "sce", K::value},
      {"reporters", "r", K::value},
      {"out", "o", K::value},
      {"order-by", "ob", K::value},
      {"rand-seed", "rs", K::value},
      {"first", "f", K::filter},
      {"last", "l", K::filter},
      {"abort-after", "aa", K::value},
      {"subcase-filter-levels", "scfl", K::value},
      {"success", "s", K::flag},
      {"case-sensitive", "cs", K::flag},
      {"exit", "e", K::flag},
      {"duration", "d", K::flag},
      {"minimal", "m", K::flag},
      {"quiet", "q", K::flag},
      {"no-throw", "nt", K::flag},
      {"no-exitcode", "ne", K::flag},
      {"no-run", "nr", K::query},
      {"no-intro", "ni", K::flag},
      {"no-version", "nv", K::flag},
      {"no-colors", "nc", K::flag},
      {"force-colors", "fc", K::flag},
      {"no-breaks", "nb", K::flag},
      {"no-skip", "ns", K::flag},
      {"gnu-file-line", "gfl", K::flag},
      {"no-path-filenames", "npf", K::flag},
      {"no-line-numbers", "nln", K::flag},
      {"no-debug-output", "ndo", K::flag},
      {"no-skipped-summary", "nss", K::flag},
      {"no-time-in-output", "ntio", K::flag},
      {"help", "h", K::query},
      {"version", "v", K::query},
      {"count", "c", K::query},
      {"list-test-cases", "ltc", K::query},
      {"list-test-suites", "lts", K::query},
      {"list-reporters", "lr", K::query},
  };
  return options;
}

DoctestWord read_doctest_word(std::string_view arg) {
  DoctestWord word;
  const std::size_t start = arg.find_first_not_of('-');
  std::string_view rest = start == std::string_view::npos ? std::string_view() : arg.substr(start);
  if (rest.starts_with("dt-")) {
    word.prefixed = true;
    rest.remove_prefix(3);
  }
  const std::size_t eq = rest.find('=');
  word.has_value = eq != std::string_view::npos;
  word.name = std::string(rest.substr(0, eq));
  for (const auto& option : doctest_options())
    if (word.name == option.name || word.name == option.short_name ||
        (word.name == "?" && option.name == "help"))
      word.option = &option;
  return word;
}

}  // namespace llama_stack::testing
