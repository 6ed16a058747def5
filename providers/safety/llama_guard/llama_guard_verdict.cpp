#include "providers/safety/llama_guard/llama_guard_verdict.hpp"

#include "providers/safety/llama_guard/llama_guard_prompt.hpp"

#include <llama_stack/errors.hpp>

#include <algorithm>

namespace llama_stack::llama_guard {

namespace json = boost::json;

namespace {

std::string_view trimmed(std::string_view s) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

[[noreturn]] void unreadable(std::string_view answer, std::string_view why) {
  throw StackError("llama-guard: cannot read the model's verdict (" + std::string(why) +
                   "): expected 'safe' or 'unsafe' and a line of categories such as S1,S2; got '" +
                   std::string(answer) + "'");
}

}  // namespace

Verdict parse_verdict(std::string_view raw) {
  const std::string_view answer = trimmed(raw);
  if (answer == "safe") return {};
  constexpr std::string_view kUnsafe = "unsafe\n";
  if (answer.substr(0, kUnsafe.size()) != kUnsafe) {
    if (answer == "unsafe") unreadable(answer, "no categories after 'unsafe'");
    unreadable(answer, "the first line is neither 'safe' nor 'unsafe'");
  }
  Verdict v;
  v.unsafe = true;
  v.codes_text = std::string(answer.substr(kUnsafe.size()));
  if (v.codes_text.find('\n') != std::string::npos) unreadable(answer, "more than two lines");
  std::string_view rest = v.codes_text;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view code = trimmed(rest.substr(0, comma));
    if (category_name(code).empty())
      unreadable(answer, code.empty() ? std::string("an empty category")
                                      : "unknown category '" + std::string(code) + "'");
    v.codes.emplace_back(code);
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return v;
}

bool only_excluded(const Verdict& verdict, const std::vector<std::string>& excluded) {
  return std::all_of(verdict.codes.begin(), verdict.codes.end(), [&](const std::string& c) {
    return std::find(excluded.begin(), excluded.end(), c) != excluded.end();
  });
}

json::object moderation_result(const Verdict& verdict) {
  json::object categories, scores, input_types;
  for (const auto& c : all_categories()) {
    const bool hit = verdict.unsafe && std::find(verdict.codes.begin(), verdict.codes.end(),
                                                 c.code) != verdict.codes.end();
    const std::string name(c.name);
    categories[name] = hit;
    scores[name] = (!verdict.unsafe || hit) ? 1.0 : 0.0;
    input_types[name] = hit ? json::array{"text"} : json::array{};
  }
  json::object result{{"flagged", verdict.unsafe},
                      {"categories", std::move(categories)},
                      {"category_applied_input_types", std::move(input_types)},
                      {"category_scores", std::move(scores)},
                      {"user_message", nullptr},
                      {"metadata", json::object{}}};
  if (verdict.unsafe) {
    result["user_message"] = kCannedResponse;
    json::array codes;
    for (const auto& c : verdict.codes) codes.push_back(json::string(c));
    result["metadata"] = json::object{{"violation_type", std::move(codes)}};
  }
  return result;
}

}  // namespace llama_stack::llama_guard
