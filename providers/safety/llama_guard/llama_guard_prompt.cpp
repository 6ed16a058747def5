#include "providers/safety/llama_guard/llama_guard_prompt.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <set>

namespace llama_stack::llama_guard {

namespace json = boost::json;

namespace {

// The Python provider's wording, byte for byte: the recorded requests carry it.
constexpr std::string_view kTask =
    "Task: Check if there is unsafe content in '{agent}' messages in conversations according our "
    "safety policy with the below categories.";
constexpr std::string_view kInstructions =
    "Provide your safety assessment for ONLY THE LAST {agent} message in the above conversation:\n"
    " - First line must read 'safe' or 'unsafe'.\n"
    " - If unsafe, a second line must include a comma-separated list of violated categories.";

// Model names the Python provider knows (its CoreModelId values and Hugging
// Face repo ids); every other model is asked about all fourteen categories.
const std::vector<std::string_view> kThirteenCategoryModels = {
    "Llama-Guard-3-1B", "meta-llama/Llama-Guard-3-1B",
    "Llama-Guard-3-11B-Vision", "meta-llama/Llama-Guard-3-11B-Vision",
    "Llama-Guard-4-12B", "meta-llama/Llama-Guard-4-12B"};

std::string replace_all(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size()))
    out.replace(at, from.size(), to);
  return out;
}

// Python's str.capitalize: "assistant" → "Assistant".
std::string capitalized(std::string_view role) {
  std::string out(role);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

std::string_view role_of(const json::value& message) {
  if (!message.is_object())
    throw InvalidRequestError("run shield: parameter 'messages' must be a list of message objects");
  const json::value* role = message.as_object().if_contains("role");
  if (role == nullptr || !role->is_string())
    throw InvalidRequestError("run shield: every message needs a string 'role'");
  return role->as_string();
}

const json::value* content_of(const json::value& message) {
  return message.as_object().if_contains("content");
}

bool is_image_part(const json::object& part) {
  const json::value* type = part.if_contains("type");
  return type != nullptr && (*type == "image_url" || *type == "image");
}

std::string part_text(const json::value& part) {
  if (part.is_string()) return std::string(part.as_string());
  if (part.is_object()) {
    const json::object& o = part.as_object();
    const json::value* type = o.if_contains("type");
    if (type != nullptr && *type == "text" && o.contains("text") && o.at("text").is_string())
      return std::string(o.at("text").as_string());
    if (is_image_part(o)) return "<image>";
    if (type != nullptr && *type == "file") return "<file>";
  }
  throw InvalidRequestError("run shield: a message content part is neither text, an image nor a "
                            "file: " + json::serialize(part));
}

std::string content_text(const json::value* content) {
  if (content == nullptr || content->is_null()) return {};
  if (!content->is_array()) return part_text(*content);
  std::string out;
  bool first = true;
  for (const auto& part : content->as_array()) {
    out += (first ? "" : " ") + part_text(part);
    first = false;
  }
  return out;
}

}  // namespace

const std::vector<Category>& all_categories() {
  static const std::vector<Category> categories{
      {"S1", "Violent Crimes"},         {"S2", "Non-Violent Crimes"},
      {"S3", "Sex Crimes"},             {"S4", "Child Exploitation"},
      {"S5", "Defamation"},             {"S6", "Specialized Advice"},
      {"S7", "Privacy"},                {"S8", "Intellectual Property"},
      {"S9", "Indiscriminate Weapons"}, {"S10", "Hate"},
      {"S11", "Self-Harm"},             {"S12", "Sexual Content"},
      {"S13", "Elections"},             {"S14", "Code Interpreter Abuse"}};
  return categories;
}

std::string_view category_name(std::string_view code) {
  for (const auto& c : all_categories())
    if (c.code == code) return c.name;
  return {};
}

std::vector<Category> categories_for_model(std::string_view model) {
  std::vector<Category> out = all_categories();
  if (std::find(kThirteenCategoryModels.begin(), kThirteenCategoryModels.end(), model) !=
      kThirteenCategoryModels.end())
    out.pop_back();  // S14, Code Interpreter Abuse
  return out;
}

bool is_vision_model(std::string_view model) { return model == "Llama-Guard-3-11B-Vision"; }

void check_excluded(const std::vector<std::string>& excluded) {
  for (const auto& code : excluded)
    if (category_name(code).empty())
      throw InvalidRequestError("excluded category '" + code +
                                "' is not one of S1..S14 (expected e.g. [\"S1\", \"S2\"])");
}

json::array conversation_for_shield(const json::array& messages) {
  if (messages.empty())
    throw InvalidRequestError("run shield: parameter 'messages' must not be empty");
  json::array out = messages;
  for (const auto& m : out) role_of(m);
  if (role_of(out[0]) != "user") {
    json::object first{{"role", "user"}};
    if (const json::value* c = content_of(out[0])) first["content"] = *c;
    out[0] = std::move(first);
  }
  if (out.size() >= 2 && role_of(out[1]) == "user") out.erase(out.begin());
  return out;
}

std::string build_prompt(const json::array& conversation, const std::vector<Category>& categories,
                         const std::vector<std::string>& excluded) {
  // Excluding every category would leave an empty policy; the Python
  // provider then asks about all of them.
  std::set<std::string> skip(excluded.begin(), excluded.end());
  if (skip.size() == all_categories().size()) skip.clear();
  std::string category_lines;
  for (const auto& c : categories) {
    if (skip.contains(std::string(c.code))) continue;
    if (!category_lines.empty()) category_lines += "\n";
    category_lines += std::string(c.code) + ": " + std::string(c.name) + ".";
  }
  std::string turns;
  for (const auto& m : conversation) {
    if (!turns.empty()) turns += "\n\n";
    turns += capitalized(role_of(m)) + ": " + content_text(content_of(m));
  }
  const std::string agent = capitalized(role_of(conversation.back()));
  return replace_all(kTask, "{agent}", agent) + "\n\n<BEGIN UNSAFE CONTENT CATEGORIES>\n" +
         category_lines + "\n<END UNSAFE CONTENT CATEGORIES>\n\n<BEGIN CONVERSATION>\n\n" +
         turns + "\n\n<END CONVERSATION>\n\n" + replace_all(kInstructions, "{agent}", agent);
}

json::object shield_input_message(const json::array& conversation, std::string_view model,
                                  const std::vector<std::string>& excluded) {
  const auto categories = categories_for_model(model);
  if (!is_vision_model(model))
    return {{"role", "user"}, {"content", build_prompt(conversation, categories, excluded)}};
  // Newest first, keeping only the most recent user image.
  json::array kept;
  const json::value* image = nullptr;
  for (auto it = conversation.rbegin(); it != conversation.rend(); ++it) {
    const json::value* content = content_of(*it);
    if (content == nullptr || !content->is_array()) {
      kept.push_back(*it);
      continue;
    }
    json::array parts;
    for (const auto& part : content->as_array()) {
      if (part.is_object() && is_image_part(part.as_object())) {
        if (image == nullptr && role_of(*it) == "user") {
          image = &part;
          parts.push_back(part);
        }
        continue;
      }
      parts.push_back(part);
    }
    kept.push_back(json::object{{"role", "user"}, {"content", std::move(parts)}});
  }
  std::reverse(kept.begin(), kept.end());
  json::array content;
  if (image != nullptr) content.push_back(*image);
  content.push_back(json::object{{"type", "text"}, {"text", build_prompt(kept, categories, excluded)}});
  return {{"role", "user"}, {"content", std::move(content)}};
}

}  // namespace llama_stack::llama_guard
