// How llama-stack-test reads a command line: its own options, -k, and
// doctest's options (passed through), and what it says about the rest.
#include "testsuite/runner/doctest_options.hpp"
#include "testsuite/runner/nearest_name.hpp"
#include "testsuite/runner/runner_options.hpp"

#include <doctest/doctest.h>

using namespace llama_stack::testing;

namespace {

std::string usage_error(std::vector<std::string> args) {
  try {
    parse_runner_args(args);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("a mistyped option is an error naming the nearest known one") {
  CHECK(usage_error({"--text-modle=m"}) == "unknown option '--text-modle=m'; did you mean --text-model?");
  CHECK(usage_error({"--stack-confg", "starter"}) ==
        "unknown option '--stack-confg'; did you mean --stack-config?");
  CHECK(usage_error({"--embeding-dimension=3"}) ==
        "unknown option '--embeding-dimension=3'; did you mean --embedding-dimension?");
  // One dash on one of ours.
  CHECK(usage_error({"-suite=base"}) == "unknown option '-suite=base'; did you mean --suite?");
  // doctest's, long and short, and with doctest's dt- prefix.
  CHECK(usage_error({"--list-test-case"}) ==
        "unknown option '--list-test-case'; did you mean --list-test-cases?");
  CHECK(usage_error({"--test-cas=*chat*"}) == "unknown option '--test-cas=*chat*'; did you mean --test-case?");
  CHECK(usage_error({"-tcc=*chat*"}) == "unknown option '-tcc=*chat*'; did you mean -tc?");
  CHECK(usage_error({"--dt-tset-case=x"}) == "unknown option '--dt-tset-case=x'; did you mean --dt-test-case?");
  // Nothing close: no guess.
  CHECK(usage_error({"--frobnicate"}) == "unknown option '--frobnicate'");
  CHECK(usage_error({"-x"}) == "unknown option '-x'");
}

TEST_CASE("every doctest option passes through, in each of doctest's spellings") {
  for (const auto& option : doctest_options()) {
    const bool takes_value =
        option.kind == DoctestOption::Kind::filter || option.kind == DoctestOption::Kind::value;
    const std::string suffix = takes_value ? "=1" : "";
    // -s and -v are the runner's (pytest's), so doctest's short forms of
    // --success and --version are reachable only with more dashes or dt-.
    for (const std::string& spelling :
         {"--" + option.name, "-" + option.name, "--" + option.short_name, "--dt-" + option.name,
          "-dt-" + option.short_name}) {
      CAPTURE(spelling);
      auto parsed = parse_runner_args({spelling + suffix});
      CHECK(parsed.doctest_args == std::vector<std::string>{spelling + suffix});
      CHECK(parsed.doctest_given == std::set<std::string>{option.name});
      CHECK(parsed.doctest_query == (option.kind == DoctestOption::Kind::query));
      CHECK(parsed.help == (option.name == "help"));
    }
  }
  CHECK(parse_runner_args({"-?"}).help);
  CHECK(parse_runner_args({"-h"}).help);
  CHECK(parse_runner_args({"-nc=false"}).doctest_given == std::set<std::string>{"no-colors"});
  auto filters = parse_runner_args({"-tc=*chat*", "-sfe=*vision*", "-r=junit", "--first=2"});
  CHECK(filters.doctest_filters == std::vector<std::string>{"-tc=*chat*", "-sfe=*vision*", "--first=2"});
}

TEST_CASE("a doctest option given its value without '=' is an error, not silently ignored") {
  CHECK(usage_error({"-tc", "*chat*"}) ==
        "'-tc' needs its value after '=' (doctest reads no separate value): -tc=VALUE");
  CHECK(usage_error({"--reporters"}) ==
        "'--reporters' needs its value after '=' (doctest reads no separate value): --reporters=VALUE");
  CHECK(usage_error({"-tc="}) ==
        "'-tc=' needs its value after '=' (doctest reads no separate value): -tc=VALUE");
}

TEST_CASE("-s and -v are pytest's: a line per test, not doctest's --success or --version") {
  for (const char* flag : {"-s", "-v", "-sv", "-vs"}) {
    auto o = parse_runner_args({flag});
    CHECK(o.verbose);
    CHECK(o.doctest_args.empty());
  }
  CHECK_FALSE(parse_runner_args({}).verbose);
  CHECK(parse_runner_args({"--success"}).doctest_args == std::vector<std::string>{"--success"});
}

TEST_CASE("-k takes a keyword expression as the next argument or after '='") {
  auto o = parse_runner_args({"-k", "chat and not streaming", "-tc=*x*"});
  REQUIRE(o.keyword.has_value());
  CHECK(o.keyword->text() == "chat and not streaming");
  CHECK(o.keyword->describe() == "(and chat (not streaming))");
  CHECK(o.doctest_args == std::vector<std::string>{"-tc=*x*"});
  CHECK(parse_runner_args({"-k=vision"}).keyword->text() == "vision");
  CHECK_FALSE(parse_runner_args({}).keyword.has_value());
  CHECK(usage_error({"-k"}) == "-k needs an expression, e.g. -k \"chat and not streaming\"");
  CHECK(usage_error({"-k", "chat and"}) ==
        "-k 'chat and': at column 9: expected not OR left parenthesis OR identifier; got end of input");
}

TEST_CASE("a word that is not an option is an error") {
  CHECK(usage_error({"tests/integration/inference"}) ==
        "unexpected argument 'tests/integration/inference': select tests with -k EXPR or -tc=PATTERN "
        "(this runner takes no paths)");
  // Values of options that take the next argument are not words.
  CHECK(parse_runner_args({"--env", "A=1", "--suite", "vision"}).suite == "vision");
}

TEST_CASE("nearest_name allows about a third of the word to differ") {
  CHECK(edit_distance("text-modle", "text-model") == 1);  // a swap is one edit
  CHECK(edit_distance("", "abc") == 3);
  CHECK(edit_distance("kitten", "sitting") == 3);
  const std::vector<std::string> names{"--text-model", "--vision-model", "-tc", "-tce"};
  CHECK(nearest_name("vison-model", names) == "--vision-model");
  CHECK(nearest_name("--text-model", names) == "--text-model");
  CHECK(nearest_name("tcx", names) == "-tc");  // the tie goes to the earlier
  CHECK_FALSE(nearest_name("model", names).has_value());
  CHECK_FALSE(nearest_name("", names).has_value());
}

TEST_CASE("--help documents -k, -s/-v and the exit statuses") {
  const std::string help = custom_options_help();
  CHECK(help.find("-k EXPR") != std::string::npos);
  CHECK(help.find("-s, -v") != std::string::npos);
  CHECK(help.find("5 no test selected") != std::string::npos);
}
