#pragma once
// Model-list answers (GET /v1/models: {"data": [...]}, GET /api/tags:
// {"models": [...]}). The models an upstream serves differ from machine to
// machine, so each distinct set is stored on its own and replay answers
// with their union: a test finds its model whoever recorded it.
#include <boost/json/value.hpp>

#include <string>
#include <vector>

namespace llama_stack::replay {

// 8 hex digits identifying the set of model ids in a model-list body
// (order and duplicates do not matter).
std::string model_set_hash(const boost::json::value& body);

// One body holding every model of `bodies` once (by "id", else "name",
// else "model"), in order of first appearance; the other fields come from
// the first body. Bodies without a model list are skipped.
boost::json::value merge_model_lists(const std::vector<boost::json::value>& bodies);

}  // namespace llama_stack::replay
