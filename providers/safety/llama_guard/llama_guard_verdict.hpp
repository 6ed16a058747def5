#pragma once
// Reading Llama Guard's answer: "safe", or "unsafe" and on the next line the
// violated categories ("S1,S2"). Anything else is an error, never a "safe":
// a shield that cannot read its model's verdict must not let content pass.
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::llama_guard {

struct Verdict {
  bool unsafe = false;
  std::string codes_text;          // as the model wrote them: "S1,S2"
  std::vector<std::string> codes;  // {"S1", "S2"}
};

// StackError quoting the answer when it is neither form, or names a category
// that is not S1..S14.
Verdict parse_verdict(std::string_view answer);

// Whether every violated category is an excluded one (then the content passes).
bool only_excluded(const Verdict& verdict, const std::vector<std::string>& excluded);

// The canned refusal the Python provider answers with.
inline constexpr std::string_view kCannedResponse =
    "I can't answer that. Can I help with something else?";

// OpenAI's moderation result for a verdict: every category by name with its
// flag, score (1.0 when flagged; a safe answer scores 1.0 everywhere, as the
// Python provider does) and input types.
boost::json::object moderation_result(const Verdict& verdict);

}  // namespace llama_stack::llama_guard
