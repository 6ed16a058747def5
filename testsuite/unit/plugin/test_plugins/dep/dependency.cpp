// A library a test plugin links against, to test a plugin whose dependency
// library is missing at load time.
extern "C" int llama_stack_test_dependency_value() { return 42; }
