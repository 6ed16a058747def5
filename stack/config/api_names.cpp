#include "stack/config/api_names.hpp"

#include <algorithm>
#include <array>

namespace llama_stack {
namespace {

constexpr std::array<std::string_view, 30> kApiNames{
    "admin",         "agents",        "batches",           "benchmarks",   "connectors",
    "conversations", "datasetio",     "datasets",          "eval",         "file_processors",
    "files",         "inference",     "inspect",           "interactions", "messages",
    "models",        "post_training", "prompts",           "providers",    "responses",
    "safety",        "scoring",       "scoring_functions", "shields",      "telemetry",
    "tool_groups",   "tool_runtime",  "vector_dbs",        "vector_io",    "vector_stores",
};
static_assert(std::is_sorted(kApiNames.begin(), kApiNames.end()));

}  // namespace

std::span<const std::string_view> known_api_names() { return kApiNames; }

bool is_known_api(std::string_view name) {
  return std::find(kApiNames.begin(), kApiNames.end(), name) != kApiNames.end();
}

}  // namespace llama_stack
