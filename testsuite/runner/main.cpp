// llama-stack-test: the integration test runner. Accepts the guide's custom
// options (see custom_options_help) and hands everything else to doctest.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "stack/client/library_client.hpp"
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/test_expansion.hpp"
#include "testsuite/runner/test_run.hpp"

#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

using namespace llama_stack;
using namespace llama_stack::testing;

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  RunnerOptions options;
  try {
    options = parse_runner_args(args);
  } catch (const UsageError& e) {
    std::cerr << "llama-stack-test: " << e.what() << "\n\n" << custom_options_help();
    return 2;
  }

  if (options.help) {
    doctest::Context help;
    const char* help_argv[] = {argv[0], "--help"};
    help.applyCommandLine(2, help_argv);
    help.run();  // doctest's own options first, then ours
    std::cout << "\n" << custom_options_help();
    return 0;
  }

  Environment env = Environment::process();
  std::string setup;
  try {
    setup = finalize_options(options, env);
  } catch (const UsageError& e) {
    std::cerr << "llama-stack-test: " << e.what() << "\n\n" << custom_options_help();
    return 2;
  }

  TestRun run(options, std::move(env), setup);
  run.register_with_doctest();
  std::vector<const char*> doctest_argv{argv[0]};
  for (const auto& a : run.doctest_args()) doctest_argv.push_back(a.c_str());
  doctest::Context context;
  context.applyCommandLine(static_cast<int>(doctest_argv.size()), doctest_argv.data());
  const int doctest_status = context.run();
  if (context.shouldExit()) return doctest_status;
  run.print_summary(std::cout);
  return run.failed() > 0 || doctest_status != 0 ? 1 : 0;
}
