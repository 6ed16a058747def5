#pragma once
// The one rule that maps a Python Llama Stack test id onto the id of the
// suite test that mirrors it. Every place a test id enters the replay store
// from outside applies it: the importer of Python recordings, and later the
// server's test-id header.
//
// A Python id is pytest's node id:
//   tests/integration/<area>/<file>.py::[<Class>::]<test>[<param>-<param>-...]
// where the parameters are pytest's ids joined by "-", in pytest's order: the
// client fixture (compat_client's "client_with_models", "openai_client" or
// "llama_stack_client") first where the test has one, then the models
// ("txt=M", "vis=M", "emb=M", "shield=S", "judge=M", "dim=N", joined by ":"
// as conftest.py forms them), then the test's own parametrisation (the test
// case "inference:chat_completion:non_streaming_01", "True"/"False", ...).
//
// The rule:
//   1. drop the leading "tests/integration/";
//   2. the file's ".py" becomes ".cpp";
//   3. "<Class>::<test>" is kept as it is;
//   4. the client fixture parameter is dropped (our suite has one in-process
//      client), and the brackets with it when nothing is left;
//   5. every other parameter is kept, in Python's order, with Python's
//      separators.
//
//   tests/integration/inference/test_openai_completion.py::test_openai_chat_completion_non_streaming[openai_client-txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]
//   → inference/test_openai_completion.cpp::test_openai_chat_completion_non_streaming[txt=ollama/llama3.2:3b-instruct-fp16-inference:chat_completion:non_streaming_01]
//
// So the Python tests that differ only by their client collapse onto one id
// (the importer keeps the first file of a duplicate key). An id already in
// our form is returned unchanged.
#include <string>
#include <string_view>

namespace llama_stack::replay {

std::string suite_test_id(std::string_view python_test_id);

// The client fixture parameters the rule drops.
bool is_client_fixture_param(std::string_view param) noexcept;

}  // namespace llama_stack::replay
