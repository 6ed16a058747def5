#pragma once
// Turns the registered test definitions into the instances a run executes.
#include "testsuite/runner/runner_options.hpp"
#include "testsuite/runner/setups.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <vector>

namespace llama_stack::testing {

// Every definition the suite includes (all when `suite` is null), once per
// combination of its models and parametrisations; a definition missing a
// model becomes one skipped instance whose reason names the option.
std::vector<TestInstance> expand_tests(const std::vector<TestDefinition>& definitions,
                                       const RunnerOptions& options, const Suite* suite);

// The model part of an id, as conftest.py forms it:
// "txt=ollama/llama3.2:3b-instruct-fp16:emb=ollama/all-minilm:l6-v2:dim=384"
// (conftest's short names for the models it lists, "dim" only when the
// params hold "embedding-dimension").
std::string parameter_id(const std::map<std::string, std::string>& params);

// "<file>::<name>[<model part>-<parametrisation values...>]" for `params`.
std::string instance_id(const TestDefinition& definition, const std::map<std::string, std::string>& params);

}  // namespace llama_stack::testing
