#pragma once
// Text an upstream wrote (an error body, the start of a body quoted in an
// error message) can echo the caller's API key, often masked:
// "Incorrect API key provided: sk-VERD...9876". Such text is stored in
// recordings and printed, so what looks like a key is masked first, whether
// or not it is the key this request sent.
#include <string>
#include <string_view>

namespace llama_stack::http_io {

inline constexpr std::string_view kMaskedKey = "<redacted>";

// Replaces by "<redacted>" each token that looks like a credential:
// - one with a known API key prefix (sk-, gsk_, xai-, nvapi-, hf_, AIza, ...);
// - a masked one: letters/digits around a run of "***" or "...", with a digit
//   ("sk-VERD...9876", "abcd****1234"; not "wait...what");
// - the token after "Bearer ".
std::string scrub_key_tokens(std::string_view text);

// The first bytes of a body for an error message: at most 200 characters,
// key tokens scrubbed, control characters shown as spaces, "(empty body)"
// when there is none.
std::string body_excerpt(std::string_view body);

}  // namespace llama_stack::http_io
