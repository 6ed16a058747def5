#pragma once
// Turns the registered test definitions into the instances a run executes.
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/setups.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <vector>

namespace llama_stack::testing {

// Every definition the suite includes (all when `suite` is null), once per
// combination of its models; a definition missing a model becomes one
// skipped instance whose reason names the option.
std::vector<TestInstance> expand_tests(const std::vector<TestDefinition>& definitions,
                                       const RunnerOptions& options, const Suite* suite);

// "txt=ollama/llama3.2:3b-instruct-fp16:emb=ollama/nomic-embed-text:latest:dim=768"
std::string parameter_id(const std::map<std::string, std::string>& params, int embedding_dimension);

}  // namespace llama_stack::testing
