#include "providers/kits/vector_core/vector_store_core.hpp"
#include "providers/kits/vector_core/stored_json.hpp"

#include "providers/kits/vector_core/filters.hpp"

#include <llama_stack/json_fields.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <utility>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

// The store's id from an insert / query body: vector_db_id (the older
// name) or vector_store_id.
std::string store_id_param(const json::object& body, const char* operation) {
  for (const char* key : {"vector_db_id", "vector_store_id"}) {
    const json::value* v = body.if_contains(key);
    if (v != nullptr && v->is_string() && !v->as_string().empty()) return std::string(v->as_string());
  }
  throw InvalidRequestError(std::string(operation) + ": parameter 'vector_db_id' is required");
}

std::string string_param_or(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

double number_param(const json::object& o, std::string_view key, std::string_view operation,
                    double fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!v->is_number())
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' must be a number");
  return v->to_number<double>();
}

std::size_t count_param(const json::object& o, std::string_view key, std::string_view operation,
                        std::size_t fallback) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return fallback;
  if (!(v->is_int64() || v->is_uint64()) || v->to_number<long long>() < 1 ||
      v->to_number<long long>() > 10000)
    throw InvalidRequestError(std::string(operation) + ": parameter '" + std::string(key) +
                              "' must be an integer in [1, 10000]");
  return static_cast<std::size_t>(v->to_number<long long>());
}

// Distances become scores in (0, 1], 1 for the query itself, so that
// thresholds read the same for both providers.
double score_of(double distance) { return 1.0 / (1.0 + distance); }

std::string search_mode_name(const json::object& o, const char* key, std::string_view operation) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return "vector";
  if (!v->is_string() || (v->as_string() != "vector" && v->as_string() != "keyword" &&
                          v->as_string() != "hybrid"))
    throw InvalidRequestError(std::string(operation) + ": parameter '" + key +
                              "' must be 'vector', 'keyword' or 'hybrid'");
  return std::string(v->as_string());
}

Reranker reranker_of(const json::object* options, std::string_view operation) {
  Reranker r;
  if (options == nullptr) return r;
  const json::value* name = options->if_contains("ranker");
  if (name == nullptr) name = options->if_contains("reranker_type");
  if (name != nullptr && name->is_string()) {
    if (name->as_string() == "weighted") r.kind = Reranker::Kind::weighted;
    else if (name->as_string() != "rrf" && name->as_string() != "auto" &&
             name->as_string() != "default" && name->as_string() != "none")
      throw InvalidRequestError(std::string(operation) +
                                ": parameter 'ranking_options.ranker' must be 'auto', 'rrf' or 'weighted'");
  }
  const json::object* params = options;
  if (const json::value* p = options->if_contains("reranker_params"); p != nullptr && p->is_object())
    params = &p->as_object();
  r.impact_factor = number_param(*params, "impact_factor", operation, r.impact_factor);
  r.alpha = number_param(*params, "alpha", operation, r.alpha);
  if (r.alpha < 0 || r.alpha > 1)
    throw InvalidRequestError(std::string(operation) + ": parameter 'alpha' must be in [0, 1]");
  return r;
}

std::vector<float> floats_of(const json::value& embedding, std::string_view where) {
  if (!embedding.is_array())
    throw InvalidRequestError(std::string(where) + ": 'embedding' must be a list of numbers");
  std::vector<float> out;
  out.reserve(embedding.as_array().size());
  for (const auto& x : embedding.as_array()) {
    if (!x.is_number())
      throw InvalidRequestError(std::string(where) + ": 'embedding' must be a list of numbers");
    out.push_back(static_cast<float>(x.to_number<double>()));
  }
  return out;
}

void check_dimension(const std::string& store_id, int expected, std::size_t got,
                     const std::string& what) {
  if (static_cast<int>(got) != expected)
    throw InvalidRequestError(what + " has dimension " + std::to_string(got) +
                              " but vector store '" + store_id + "' has dimension " +
                              std::to_string(expected));
}

json::object chunk_json(const ChunkRow& c) {
  json::object o{{"content", c.content}, {"metadata", c.metadata}, {"chunk_id", c.chunk_id}};
  if (!c.chunk_metadata.empty()) o["chunk_metadata"] = c.chunk_metadata;
  return o;
}

json::string metadata_string(const json::object& metadata, std::string_view key) {
  const json::value* v = metadata.if_contains(key);
  return v != nullptr && v->is_string() ? v->as_string() : json::string();
}

}  // namespace

VectorStoreCore::VectorStoreCore(std::string provider_id, const std::filesystem::path& db_path,
                                 IndexFactory index_factory, InferenceApi& inference, IdMinter& ids)
    : provider_id_(std::move(provider_id)),
      db_(db_path),
      chunks_(db_),
      files_(db_),
      index_factory_(std::move(index_factory)),
      inference_(inference),
      ids_(ids) {
  for (auto& row : chunks_.stores()) {
    auto index = index_factory_(db_, row.id, row.embedding_dimension);
    std::string id = row.id;
    stores_.emplace(std::move(id), Store{std::move(row), std::move(index)});
  }
}

VectorStoreCore::~VectorStoreCore() = default;

VectorStoreCore::Store& VectorStoreCore::store(const std::string& id) {
  auto it = stores_.find(id);
  if (it == stores_.end())
    throw NotFoundError("vector store '" + id + "' not found (provider '" + provider_id_ + "')");
  return it->second;
}

void VectorStoreCore::touch(Store& s) {
  s.row.object["last_active_at"] = now_seconds();
  s.row.object["usage_bytes"] = chunks_.content_bytes(s.row.id);
  std::vector<json::object> files;
  for (auto& f : files_.files(s.row.id)) files.push_back(std::move(f.object));
  s.row.object["file_counts"] = file_counts(files);
  chunks_.put_store(s.row);
}

std::vector<json::object> VectorStoreCore::list_vector_stores() {
  std::lock_guard lock(mutex_);
  std::vector<json::object> out;
  for (auto& row : chunks_.stores()) out.push_back(std::move(row.object));
  return out;
}

json::object VectorStoreCore::create_vector_store(const RequestContext&, const json::object& params) {
  const char* op = "create vector store";
  const std::string model = string_param_or(params, "embedding_model");
  const json::value* dim = params.if_contains("embedding_dimension");
  if (model.empty()) throw InvalidRequestError(std::string(op) + ": parameter 'embedding_model' is required");
  if (dim == nullptr || !(dim->is_int64() || dim->is_uint64()) || dim->to_number<long long>() < 1 ||
      dim->to_number<long long>() > 65536)
    throw InvalidRequestError(std::string(op) +
                              ": parameter 'embedding_dimension' must be an integer in [1, 65536]");
  json::object metadata;
  if (const json::object* m = object_param(params, op, "metadata")) metadata = *m;
  metadata["provider_id"] = provider_id_;

  std::lock_guard lock(mutex_);
  const std::int64_t now = now_seconds();
  StoreRow row;
  row.id = ids_.mint("vs_");
  row.embedding_model = model;
  row.embedding_dimension = static_cast<int>(dim->to_number<long long>());
  const json::value* name = params.if_contains("name");
  row.object = {{"id", row.id},
                {"object", "vector_store"},
                {"created_at", now},
                {"name", name != nullptr && name->is_string() ? json::value(*name) : json::value(nullptr)},
                {"usage_bytes", 0},
                {"file_counts", {{"cancelled", 0}, {"completed", 0}, {"failed", 0}, {"in_progress", 0}, {"total", 0}}},
                {"status", "completed"},
                {"expires_after", params.contains("expires_after") ? params.at("expires_after") : json::value(nullptr)},
                {"expires_at", nullptr},
                {"last_active_at", now},
                {"metadata", std::move(metadata)},
                {"embedding_model", model},
                {"embedding_dimension", row.embedding_dimension}};
  chunks_.put_store(row);
  auto index = index_factory_(db_, row.id, row.embedding_dimension);
  json::object answer = row.object;
  std::string id = row.id;
  stores_.emplace(std::move(id), Store{std::move(row), std::move(index)});
  return answer;
}

json::object VectorStoreCore::retrieve_vector_store(const RequestContext&, const std::string& id) {
  std::lock_guard lock(mutex_);
  return store(id).row.object;
}

json::object VectorStoreCore::update_vector_store(const RequestContext&, const std::string& id,
                                                  const json::object& params) {
  const char* op = "update vector store";
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  if (const json::value* name = params.if_contains("name"); name != nullptr && !name->is_null()) {
    if (!name->is_string()) throw InvalidRequestError(std::string(op) + ": parameter 'name' must be a string");
    s.row.object["name"] = *name;
  }
  if (const json::object* m = object_param(params, op, "metadata")) {
    json::object metadata = *m;
    metadata["provider_id"] = provider_id_;
    s.row.object["metadata"] = std::move(metadata);
  }
  if (const json::value* e = params.if_contains("expires_after")) s.row.object["expires_after"] = *e;
  touch(s);
  return s.row.object;
}

json::object VectorStoreCore::delete_vector_store(const RequestContext&, const std::string& id) {
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  SqliteDatabase::Transaction tx(db_);
  s.index->drop();
  chunks_.delete_store(id);
  files_.delete_store(id);
  tx.commit();
  stores_.erase(id);
  return {{"id", id}, {"object", "vector_store.deleted"}, {"deleted", true}};
}

VectorStoreCore::Snapshot VectorStoreCore::snapshot(const std::string& id) {
  std::lock_guard lock(mutex_);
  const Store& s = store(id);
  return {s.row, chunks_.count(id)};
}

std::vector<std::vector<float>> VectorStoreCore::embed(const RequestContext& context, const StoreRow& row,
                                                       const std::vector<std::string>& texts) {
  json::array input;
  for (const auto& t : texts) input.emplace_back(t);
  const json::object answer = inference_.embeddings(
      context, {{"model", row.embedding_model}, {"input", std::move(input)}, {"encoding_format", "float"}});
  const json::value* data = answer.if_contains("data");
  if (data == nullptr || !data->is_array() || data->as_array().size() != texts.size())
    throw StackError("embedding model '" + row.embedding_model + "' answered " +
                     std::to_string(data != nullptr && data->is_array() ? data->as_array().size() : 0) +
                     " embeddings for " + std::to_string(texts.size()) + " inputs");
  std::vector<std::vector<float>> out(texts.size());
  for (const auto& item : data->as_array()) {
    const auto& o = item.as_object();
    const std::size_t index = o.contains("index") ? static_cast<std::size_t>(o.at("index").to_number<long long>()) : 0;
    if (index >= out.size()) throw StackError("embedding model '" + row.embedding_model + "' answered index " + std::to_string(index) + " out of range");
    out[index] = floats_of(o.at("embedding"), "embedding model '" + row.embedding_model + "'");
    check_dimension(row.id, row.embedding_dimension, out[index].size(),
                    "the embedding of model '" + row.embedding_model + "'");
  }
  return out;
}

void VectorStoreCore::insert_chunks(const RequestContext& context, const json::object& params) {
  const char* op = "insert chunks";
  const std::string id = store_id_param(params, op);
  const json::value* list = params.if_contains("chunks");
  if (list == nullptr || !list->is_array())
    throw InvalidRequestError(std::string(op) + ": parameter 'chunks' must be a list");
  // The model is called without the lock; the store is looked up again after.
  const StoreRow row = snapshot(id).row;

  struct Pending {
    ChunkRow chunk;
    std::string text;
    std::vector<float> vector;
  };
  std::vector<Pending> pending;
  std::vector<std::string> to_embed;
  std::vector<std::size_t> embed_slots;
  for (std::size_t i = 0; i < list->as_array().size(); ++i) {
    const std::string where = std::string(op) + ": chunks[" + std::to_string(i) + "]";
    const json::value& item = list->as_array()[i];
    if (!item.is_object()) throw InvalidRequestError(where + " must be an object");
    const auto& c = item.as_object();
    if (!c.contains("content")) throw InvalidRequestError(where + ": 'content' is required");
    Pending p;
    p.chunk.content = c.at("content");
    p.text = content_text(p.chunk.content);
    if (const json::object* m = object_param(c, where, "metadata")) p.chunk.metadata = *m;
    if (const json::object* m = object_param(c, where, "chunk_metadata")) p.chunk.chunk_metadata = *m;
    // The caller's chunk id (the chunk's or its metadata's), else a minted one.
    for (const json::value* v : {c.if_contains("chunk_id"), std::as_const(p.chunk.metadata).if_contains("chunk_id")})
      if (p.chunk.chunk_id.empty() && v != nullptr && v->is_string()) p.chunk.chunk_id = std::string(v->as_string());
    if (p.chunk.chunk_id.empty()) p.chunk.chunk_id = ids_.mint("chunk-");
    const json::value* e = c.if_contains("embedding");
    if (e != nullptr && !e->is_null()) {
      p.vector = floats_of(*e, where);
      check_dimension(row.id, row.embedding_dimension, p.vector.size(), where + "'s embedding");
    } else {
      to_embed.push_back(p.text);
      embed_slots.push_back(pending.size());
    }
    pending.push_back(std::move(p));
  }
  if (!to_embed.empty()) {
    auto vectors = embed(context, row, to_embed);
    for (std::size_t i = 0; i < vectors.size(); ++i) pending[embed_slots[i]].vector = std::move(vectors[i]);
  }

  std::lock_guard lock(mutex_);
  Store& s = store(id);
  SqliteDatabase::Transaction tx(db_);
  std::vector<std::int64_t> replaced, rows;
  std::vector<float> flat;
  for (auto& p : pending) {
    if (auto old = chunks_.find_chunk(s.row.id, p.chunk.chunk_id)) {
      replaced.push_back(*old);
      chunks_.remove_chunk(*old);
    }
    rows.push_back(chunks_.add_chunk(s.row.id, p.chunk, p.text));
    flat.insert(flat.end(), p.vector.begin(), p.vector.end());
  }
  if (!replaced.empty()) s.index->remove(replaced);
  s.index->add(rows, flat);
  touch(s);
  tx.commit();
}

std::vector<float> VectorStoreCore::query_vector(const RequestContext& context, const std::string& id,
                                                 const std::string& text, Mode mode) {
  if (mode == Mode::keyword) return {};
  const Snapshot snap = snapshot(id);
  if (snap.chunks == 0) return {};  // nothing to rank: no model call
  return std::move(embed(context, snap.row, {text})[0]);
}

std::vector<VectorStoreCore::Hit> VectorStoreCore::search(Store& s, const std::vector<float>& query_vector,
                                                          const std::string& text, Mode mode,
                                                          std::size_t limit, double score_threshold,
                                                          const json::value* filters,
                                                          const Reranker& reranker) {
  // With filters every chunk is a candidate (the search stays exact); else
  // hybrid looks a little deeper than it answers, so that fusing can promote.
  const std::size_t total = chunks_.count(s.row.id);
  if (total == 0) return {};
  const std::size_t depth = filters != nullptr ? total : std::min(total, mode == Mode::hybrid ? limit * 3 : limit);
  std::vector<Scored> vector_hits, keyword_hits;
  if (mode != Mode::keyword && !query_vector.empty())
    for (const auto& h : s.index->nearest(query_vector.data(), depth)) vector_hits.push_back({h.row, score_of(h.distance)});
  if (mode != Mode::vector)
    for (auto [row, score] : chunks_.keyword_search(s.row.id, text, depth)) keyword_hits.push_back({row, score});
  const std::vector<Scored> ranked = mode == Mode::vector    ? vector_hits
                                     : mode == Mode::keyword ? keyword_hits
                                                             : fuse(vector_hits, keyword_hits, reranker);
  std::vector<Hit> out;
  for (const auto& r : ranked) {
    if (out.size() == limit) break;
    if (r.score < score_threshold) continue;
    auto found = chunks_.chunks({r.row});
    if (found.empty()) continue;
    if (filters != nullptr && !matches_filter(*filters, found[0].metadata)) continue;
    out.push_back({std::move(found[0]), r.score});
  }
  return out;
}

json::object VectorStoreCore::search_vector_store(const RequestContext& context, const std::string& id,
                                                  const json::object& params) {
  const char* op = "vector store search";
  const json::value* query = params.if_contains("query");
  std::string text;
  if (query != nullptr && query->is_string()) text = std::string(query->as_string());
  else if (query != nullptr && query->is_array() && !query->as_array().empty()) {
    for (const auto& q : query->as_array()) {
      if (!q.is_string()) throw InvalidRequestError(std::string(op) + ": parameter 'query' must be a string or a list of strings");
      if (!text.empty()) text += ' ';
      text += std::string(q.as_string());
    }
  } else {
    throw InvalidRequestError(std::string(op) + ": parameter 'query' must be a string or a list of strings");
  }
  const json::value* filters = params.if_contains("filters");
  if (filters != nullptr && filters->is_null()) filters = nullptr;
  if (filters != nullptr) validate_filter(*filters);
  const std::size_t limit = count_param(params, "max_num_results", op, 10);
  const json::object* ranking = object_param(params, op, "ranking_options");
  const double threshold = ranking != nullptr ? number_param(*ranking, "score_threshold", op, 0.0) : 0.0;
  const std::string mode_name = search_mode_name(params, "search_mode", op);
  const Mode mode = mode_name == "keyword" ? Mode::keyword : mode_name == "hybrid" ? Mode::hybrid : Mode::vector;
  const Reranker reranker = reranker_of(ranking, op);

  const std::vector<float> q = query_vector(context, id, text, mode);
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  json::array data;
  for (auto& h : search(s, q, text, mode, limit, threshold, filters, reranker)) {
    const std::string chunk_text = content_text(h.chunk.content);
    data.push_back(json::object{{"file_id", metadata_string(h.chunk.metadata, "file_id")},
                                {"filename", metadata_string(h.chunk.metadata, "filename")},
                                {"score", h.score},
                                {"attributes", h.chunk.metadata},
                                {"content", json::array{json::object{{"type", "text"}, {"text", chunk_text}}}}});
  }
  return {{"object", "vector_store.search_results.page"},
          {"search_query", query->is_string() ? json::value(json::array{*query}) : *query},
          {"data", std::move(data)},
          {"has_more", false},
          {"next_page", nullptr}};
}

json::object VectorStoreCore::query_chunks(const RequestContext& context, const json::object& params) {
  const char* op = "query chunks";
  const std::string id = store_id_param(params, op);
  const json::value* query = params.if_contains("query");
  if (query == nullptr || query->is_null())
    throw InvalidRequestError(std::string(op) + ": parameter 'query' is required");
  const std::string text = content_text(*query);
  json::object options;
  if (const json::object* p = object_param(params, op, "params")) options = *p;
  const std::size_t limit = count_param(options, "max_chunks", op, 3);
  const double threshold = number_param(options, "score_threshold", op, 0.0);
  const std::string mode_name = search_mode_name(options, "mode", op);
  const Mode mode = mode_name == "keyword" ? Mode::keyword : mode_name == "hybrid" ? Mode::hybrid : Mode::vector;
  const Reranker reranker = reranker_of(&options, op);

  const std::vector<float> q = query_vector(context, id, text, mode);
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  json::array chunks, scores;
  for (auto& h : search(s, q, text, mode, limit, threshold, nullptr, reranker)) {
    chunks.push_back(chunk_json(h.chunk));
    scores.push_back(h.score);
  }
  return {{"chunks", std::move(chunks)}, {"scores", std::move(scores)}};
}

}  // namespace llama_stack::vector
