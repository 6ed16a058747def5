#pragma once
// The Python suite's test cases (testsuite/fixtures/test_cases/, MIT), read
// from the source tree at test time as Python's TestCase reads them: the id
// "inference:chat_completion:non_streaming_01" is the entry non_streaming_01
// of inference/chat_completion.json, and a case is its "data" object.
#include "testsuite/runner/test_registry.hpp"

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace llama_stack::testing {

// Throws std::runtime_error naming the file (and the case) when the file
// cannot be read or parsed, or holds no such case or no "data" object.
const boost::json::object& test_case_data(std::string_view id);

// The data of the instance's test case (see test_cases(...) in LLAMA_STACK_TEST).
inline const boost::json::object& test_case(const TestContext& t) { return test_case_data(t.test_case()); }

// A string field of a case; the error names the case and the key.
std::string case_string(const TestContext& t, std::string_view key);

}  // namespace llama_stack::testing
