// Safety with an image: the Python suite's safety/test_vision_safety.py,
// which runs only where Together serves the Llama Guard vision shield.
#include "testsuite/safety/safety_suite_support.hpp"

#include <doctest/doctest.h>

using namespace llama_stack::testing;

LLAMA_STACK_TEST(test_safety_with_image) {
  const auto providers = model_providers(t);
  if (!providers.contains("together"))
    t.skip("Testing vision shields is not supported for model_providers " + python_set(providers));
  // Python's example_safe.jpg / example_unsafe.jpg (700 KB) are not shipped.
  t.skip("the Python suite's example images (safety/resources/example_*.jpg) are not shipped with "
         "this suite");
}
