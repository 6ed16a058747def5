#include "stack/http/key_tokens.hpp"

#include <array>
#include <cctype>

namespace llama_stack::http_io {

namespace {

// Prefixes the providers' keys are issued with. A token must carry at least
// four more characters to count, so the bare words do not.
constexpr std::array<std::string_view, 18> kKeyPrefixes{
    "sk-",  "sk_",    "pk-",  "rk-",   "gsk_",  "xai-",  "nvapi-",  "hf_",  "fw_",
    "csk-", "pplx-",  "r8_",  "AIza",  "tgp_",  "ghp_",  "glpat-",  "xoxb-", "dapi"};
constexpr std::size_t kMinKeyBody = 4;
constexpr std::size_t kMinMaskRun = 3;
constexpr std::size_t kMaxExcerpt = 200;

bool is_token_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || c == '-' || c == '_' || c == '.' || c == '*';
}

bool has_key_prefix(std::string_view token) {
  for (const auto prefix : kKeyPrefixes)
    if (token.starts_with(prefix) && token.size() >= prefix.size() + kMinKeyBody) return true;
  return false;
}

// Letters or digits, a run of three or more '*' or '.', more letters or
// digits; at least one digit so that prose ("wait...what") is left alone.
bool is_masked(std::string_view token) {
  bool digit = false;
  std::size_t clear = 0;
  std::size_t run = 0;
  std::size_t longest_run = 0;
  char run_char = 0;
  for (const char c : token) {
    if (c == '*' || c == '.') {
      run = c == run_char ? run + 1 : 1;
      run_char = c;
      if (run > longest_run) longest_run = run;
      continue;
    }
    run = 0;
    run_char = 0;
    if (std::isalnum(static_cast<unsigned char>(c))) ++clear;
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
  }
  return digit && longest_run >= kMinMaskRun && clear >= kMinKeyBody;
}

bool follows_bearer(std::string_view text, std::size_t token_start) {
  constexpr std::string_view bearer = "bearer ";
  if (token_start < bearer.size()) return false;
  const std::string_view before = text.substr(token_start - bearer.size(), bearer.size());
  for (std::size_t i = 0; i < bearer.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(before[i])) != bearer[i]) return false;
  return true;
}

}  // namespace

std::string scrub_key_tokens(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    if (!is_token_char(text[i])) {
      out.push_back(text[i++]);
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_token_char(text[end])) ++end;
    std::string_view token = text.substr(i, end - i);
    // A sentence's full stop is not part of the key before it.
    std::string_view tail;
    if (token.ends_with('.') && !token.ends_with("...")) {
      tail = token.substr(token.size() - 1);
      token.remove_suffix(1);
    }
    if (has_key_prefix(token) || is_masked(token) || (follows_bearer(text, i) && token.size() >= kMinKeyBody)) {
      out.append(kMaskedKey);
    } else {
      out.append(token);
    }
    out.append(tail);
    i = end;
  }
  return out;
}

std::string body_excerpt(std::string_view body) {
  if (body.empty()) return "(empty body)";
  // Scrubbed before it is cut, so that a key across the cut is seen whole.
  std::string text = scrub_key_tokens(body.substr(0, 2 * kMaxExcerpt));
  const bool cut = text.size() > kMaxExcerpt || body.size() > 2 * kMaxExcerpt;
  if (text.size() > kMaxExcerpt) text.resize(kMaxExcerpt);
  for (char& c : text)
    if (std::iscntrl(static_cast<unsigned char>(c))) c = ' ';
  return "'" + text + (cut ? "...'" : "'");
}

}  // namespace llama_stack::http_io
