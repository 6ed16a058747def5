#pragma once
// OpenAI's page of a list (files, stored chat completions, vector stores,
// ...): {"object": "list", "data", "has_more", "first_id", "last_id"}, the
// ids those of the first and last item (null on an empty page).
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

namespace llama_stack {

inline boost::json::object openai_list(boost::json::array data, bool has_more) {
  boost::json::object out{{"object", "list"}, {"has_more", has_more}};
  out["first_id"] = data.empty() ? boost::json::value(nullptr) : data.front().at("id");
  out["last_id"] = data.empty() ? boost::json::value(nullptr) : data.back().at("id");
  out["data"] = std::move(data);
  return out;
}

}  // namespace llama_stack
