#pragma once
// The resources an ad-hoc stack gets with its providers: those the shipped
// starter registers for the same provider types, so `safety=llama-guard`
// has its shield and `tool_runtime=rag-runtime` its tool group, and the
// suites run on an ad-hoc stack as on the starter. (Python's ad-hoc stacks
// register none; their safety tests then find no shield.)
//   inline::llama-guard   shield llama-guard, its model SAFETY_MODEL (none when unset)
//   inline::rag-runtime   tool group builtin::rag
//   remote::tavily-search tool group builtin::websearch (else remote::brave-search)
#include "stack/config/environment.hpp"
#include "stack/config/run_config.hpp"

namespace llama_stack {

void add_adhoc_resources(RunConfig& config, const Environment& env);

}  // namespace llama_stack
