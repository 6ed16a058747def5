#pragma once
// The reporter llama-stack-test uses unless -r=... picks others: doctest's
// console output without doctest's closing summary, whose counts take a test
// that skipped itself for a pass; the runner prints the true one.
namespace llama_stack::testing {
inline constexpr const char* runner_reporter_name = "llama-stack";
}
