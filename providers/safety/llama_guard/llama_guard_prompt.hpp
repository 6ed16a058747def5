#pragma once
// The Llama Guard 3 prompt, built as the Python stack's inline::llama-guard
// builds it (so that its recorded exchanges replay): the task, the hazard
// categories S1..S14 less the excluded ones, the conversation and the
// instruction to answer 'safe' or 'unsafe' + the violated categories.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace llama_stack::llama_guard {

struct Category {
  std::string_view code;  // "S1"
  std::string_view name;  // "Violent Crimes"
};

// All fourteen, in code order.
const std::vector<Category>& all_categories();
// The name of a code; empty when it is not one of S1..S14.
std::string_view category_name(std::string_view code);

// The categories a model is asked about: Llama Guard 3 1B / 11B-Vision / 4
// know S1..S13, 3-8B and any model not known by name (an Ollama tag such as
// llama-guard3:1b) S1..S14.
std::vector<Category> categories_for_model(std::string_view model);
// Whether the model takes the most recent image with the prompt.
bool is_vision_model(std::string_view model);

// InvalidRequestError naming the code when one is not S1..S14.
void check_excluded(const std::vector<std::string>& excluded);

// What run_shield hands the model: the first message as a user message (a
// conversation may start with a tool answer), a leading pair of user
// messages reduced to the second. InvalidRequestError when empty.
boost::json::array conversation_for_shield(const boost::json::array& messages);

// The prompt text for the conversation. A message's content is its text, its
// parts' texts joined by spaces (an image part as "<image>", a file as
// "<file>"); InvalidRequestError for a content it cannot read.
std::string build_prompt(const boost::json::array& conversation,
                         const std::vector<Category>& categories,
                         const std::vector<std::string>& excluded);

// The one user message sent to the model. For a vision model its content is
// the most recent user image followed by the prompt, the other images left
// out; otherwise the prompt text.
boost::json::object shield_input_message(const boost::json::array& conversation,
                                         std::string_view model,
                                         const std::vector<std::string>& excluded);

}  // namespace llama_stack::llama_guard
