#include "testsuite/runner/selection.hpp"

#include "testsuite/runner/setups.hpp"
#include "testsuite/runner/test_expansion.hpp"

namespace llama_stack::testing {

namespace {

std::string tests(std::size_t n) { return std::to_string(n) + (n == 1 ? " test" : " tests"); }

}  // namespace

Selection select_tests(const std::vector<TestDefinition>& definitions, const RunnerOptions& options) {
  Selection out;
  out.expanded = expand_tests(definitions, options, nullptr).size();
  const Suite* suite = options.suite ? find_suite(*options.suite) : nullptr;
  auto in_suite = expand_tests(definitions, options, suite);
  out.in_suite = in_suite.size();
  for (auto& instance : in_suite)
    if (!options.keyword || options.keyword->matches(instance.id)) out.instances.push_back(std::move(instance));
  return out;
}

std::string no_tests_message(const Selection& selection, const RunnerOptions& options) {
  if (selection.expanded == 0) return "no tests ran: no test is registered in this binary";
  const std::string suite = options.suite ? "--suite=" + *options.suite : "";
  if (options.suite && selection.in_suite == 0)
    return "no tests ran: " + suite + " selects none of the " + tests(selection.expanded);
  std::string among = "the " + tests(selection.in_suite) + (options.suite ? " of " + suite : "");
  if (options.keyword && selection.instances.empty())
    return "no tests ran: -k '" + options.keyword->text() + "' matches none of " + among;
  if (options.keyword)
    among = "the " + tests(selection.instances.size()) + " that -k '" + options.keyword->text() +
            "' selects" + (options.suite ? " in " + suite : "");
  std::string filters;
  for (const auto& f : options.doctest_filters) filters += (filters.empty() ? "" : " ") + f;
  return "no tests ran: " + (filters.empty() ? std::string("doctest's filters") : filters) +
         " match none of " + among;
}

}  // namespace llama_stack::testing
