#include "providers/tool_runtime/rag_runtime/rag_query_config.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json/serialize.hpp>

#include <string_view>

namespace llama_stack::rag {

namespace json = boost::json;

namespace {

[[noreturn]] void bad(std::string_view field, std::string_view why) {
  throw InvalidRequestError("knowledge_search: query_config." + std::string(field) + " " + std::string(why));
}

std::int64_t positive_int(const json::object& config, std::string_view field, std::int64_t fallback) {
  const json::value* v = config.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_int64() && !v->is_uint64()) bad(field, "must be an integer, got " + json::serialize(*v));
  const std::int64_t n = v->to_number<std::int64_t>();
  if (n < 1) bad(field, "must be at least 1, got " + std::to_string(n));
  return n;
}

std::string string_field(const json::object& config, std::string_view field, std::string fallback) {
  const json::value* v = config.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_string()) bad(field, "must be a string, got " + json::serialize(*v));
  return std::string(v->as_string());
}

// Python's RAGQueryGeneratorConfig is a union told apart by "type": an
// object without it is refused as pydantic refuses it.
std::string separator_of(const json::object& config) {
  const json::value* v = config.if_contains("query_generator_config");
  if (v == nullptr || v->is_null()) return " ";
  if (!v->is_object()) bad("query_generator_config", "must be an object");
  const json::object& generator = v->as_object();
  const json::value* type = generator.if_contains("type");
  if (type == nullptr || !type->is_string())
    bad("query_generator_config.type", "is required: 'default' (or 'llm', which is not supported here)");
  if (type->as_string() == "llm")
    bad("query_generator_config.type",
        "'llm' is not supported by inline::rag-runtime here (it has no inference dependency); use 'default'");
  if (type->as_string() != "default")
    bad("query_generator_config.type", "must be 'default', got '" + std::string(type->as_string()) + "'");
  return string_field(generator, "separator", " ");
}

double number_field(const json::object& o, std::string_view field, std::string_view where, double fallback) {
  const json::value* v = o.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_number()) bad(std::string(where) + "." + std::string(field), "must be a number, got " + json::serialize(*v));
  return v->to_number<double>();
}

// Python's Ranker: RRFRanker {type: "rrf", impact_factor > 0, default 60}
// or WeightedRanker {type: "weighted", alpha in [0, 1], default 0.5}, told
// apart by "type" (required). Answers the ranker with its defaults filled in.
std::optional<json::object> ranker_of(const json::object& config) {
  const json::value* v = config.if_contains("ranker");
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (!v->is_object()) bad("ranker", "must be an object such as {\"type\": \"rrf\", \"impact_factor\": 60}");
  const json::object& ranker = v->as_object();
  const json::value* type = ranker.if_contains("type");
  if (type == nullptr || !type->is_string()) bad("ranker.type", "is required: 'rrf' or 'weighted'");
  if (type->as_string() == "rrf") {
    const double impact = number_field(ranker, "impact_factor", "ranker", 60.0);
    if (!(impact > 0)) bad("ranker.impact_factor", "must be greater than 0, got " + json::serialize(ranker.at("impact_factor")));
    return json::object{{"type", "rrf"}, {"impact_factor", impact}};
  }
  if (type->as_string() == "weighted") {
    const double alpha = number_field(ranker, "alpha", "ranker", 0.5);
    if (!(alpha >= 0 && alpha <= 1)) bad("ranker.alpha", "must be in [0, 1], got " + json::serialize(ranker.at("alpha")));
    return json::object{{"type", "weighted"}, {"alpha", alpha}};
  }
  bad("ranker.type", "must be 'rrf' or 'weighted', got '" + std::string(type->as_string()) + "'");
}

// Python's int fields take any integer; max_tokens_in_context does here too
// (0 or less leaves no room for a chunk), max_chunks must be at least 1.
std::int64_t int_field(const json::object& config, std::string_view field, std::int64_t fallback) {
  const json::value* v = config.if_contains(field);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_int64() && !v->is_uint64()) bad(field, "must be an integer, got " + json::serialize(*v));
  return v->to_number<std::int64_t>();
}

}  // namespace

RagQueryConfig parse_query_config(const json::object* query_config) {
  RagQueryConfig c;
  if (query_config == nullptr) return c;
  const json::object& q = *query_config;
  c.separator = separator_of(q);
  c.max_tokens_in_context = int_field(q, "max_tokens_in_context", c.max_tokens_in_context);
  c.max_chunks = positive_int(q, "max_chunks", c.max_chunks);
  c.chunk_template = string_field(q, "chunk_template", c.chunk_template);
  if (c.chunk_template.empty()) bad("chunk_template", "must not be empty");
  if (c.chunk_template.find("{chunk.content}") == std::string::npos)
    bad("chunk_template", "must contain {chunk.content}");
  if (c.chunk_template.find("{index}") == std::string::npos) bad("chunk_template", "must contain {index}");
  c.mode = string_field(q, "mode", c.mode);
  if (c.mode != "vector" && c.mode != "keyword" && c.mode != "hybrid")
    bad("mode", "must be 'vector', 'keyword' or 'hybrid', got '" + c.mode + "'");
  c.ranker = ranker_of(q);
  return c;
}

}  // namespace llama_stack::rag
