// VectorStoreCore's files and file batches: a file's text is chunked by the
// store's chunking strategy (chunking.hpp: tokens are approximated by
// words), embedded with the store's model and kept as chunks whose metadata
// is the file's attributes plus file_id and filename, so that search
// filters see the attributes and a search result names its file.
#include "providers/kits/vector_core/chunking.hpp"
#include "providers/kits/vector_core/stored_json.hpp"
#include "providers/kits/vector_core/file_text.hpp"
#include "providers/kits/vector_core/vector_store_core.hpp"

#include <llama_stack/openai_page.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>

namespace llama_stack::vector {

namespace json = boost::json;

namespace {

// OpenAI's attributes: a map of strings, numbers and booleans.
json::object attributes_param(const json::object& params, const std::string& operation) {
  const json::value* v = params.if_contains("attributes");
  if (v == nullptr || v->is_null()) return {};
  if (!v->is_object())
    throw InvalidRequestError(operation + ": parameter 'attributes' must be an object");
  for (const auto& [key, value] : v->as_object())
    if (!value.is_string() && !value.is_number() && !value.is_bool())
      throw InvalidRequestError(operation + ": parameter 'attributes." + std::string(key) +
                                "' must be a string, a number or a boolean");
  return v->as_object();
}

json::object strategy_json(const json::value* given, const ChunkingStrategy& s) {
  const bool is_static = given != nullptr && given->is_object() && given->as_object().contains("type") &&
                         given->as_object().at("type") == "static";
  if (!is_static) return {{"type", "auto"}};
  return {{"type", "static"},
          {"static", {{"max_chunk_size_tokens", s.max_chunk_size_tokens},
                      {"chunk_overlap_tokens", s.chunk_overlap_tokens}}}};
}

json::object chunk_metadata_of(const json::object& attributes, const std::string& file_id,
                               const std::string& filename) {
  json::object m = attributes;
  m["file_id"] = file_id;
  m["filename"] = filename;
  return m;
}

// OpenAI's cursor page over `files` (oldest attachment first).
json::object page(std::vector<FileRow> files, const VectorStoreFileQuery& q, const std::string& where) {
  if (q.limit < 1 || q.limit > 100)
    throw InvalidRequestError(where + ": parameter 'limit' must be in [1, 100], got " + std::to_string(q.limit));
  if (!q.status.empty() && q.status != "in_progress" && q.status != "completed" && q.status != "failed" &&
      q.status != "cancelled")
    throw InvalidRequestError(where + ": parameter 'filter' must be 'in_progress', 'completed', 'failed' or "
                              "'cancelled', not '" + q.status + "'");
  std::erase_if(files, [&](const FileRow& f) { return !q.status.empty() && f.object.at("status") != q.status.c_str(); });
  auto created = [](const FileRow& f) { return f.object.at("created_at").to_number<long long>(); };
  if (!q.ascending) std::reverse(files.begin(), files.end());
  std::stable_sort(files.begin(), files.end(), [&](const FileRow& a, const FileRow& b) {
    return q.ascending ? created(a) < created(b) : created(a) > created(b);
  });
  // An empty id is no cursor.
  auto given = [](const std::string& id) { return id.empty() ? std::nullopt : std::optional(id); };
  const PageCursor cursor{static_cast<std::size_t>(q.limit), given(q.after), given(q.before)};
  auto id_of = [](const FileRow& f) -> const std::string& { return f.file_id; };
  auto entry = [](const FileRow& f) -> const json::object& { return f.object; };
  auto unknown = [&](const char* key, std::string_view id) {
    return where + ": parameter '" + key + "': file '" + std::string(id) + "' not found";
  };
  return openai_cursor_page(files, cursor, id_of, entry, unknown);
}

}  // namespace

FileRow VectorStoreCore::attached(const std::string& store_id, const std::string& file_id) {
  auto f = files_.file(store_id, file_id);
  if (!f) throw NotFoundError("file '" + file_id + "' is not attached to vector store '" + store_id + "'");
  return std::move(*f);
}

BatchRow VectorStoreCore::batch_of(const std::string& store_id, const std::string& batch_id) {
  auto b = files_.batch(store_id, batch_id);
  if (!b) throw NotFoundError("file batch '" + batch_id + "' not found in vector store '" + store_id + "'");
  return std::move(*b);
}

void VectorStoreCore::remove_file_chunks(Store& s, const FileRow& file) {
  std::vector<std::int64_t> rows;
  for (const auto& chunk_id : file.chunk_ids)
    if (auto row = chunks_.find_chunk(s.row.id, chunk_id)) {
      chunks_.remove_chunk(*row);
      rows.push_back(*row);
    }
  if (!rows.empty()) s.index->remove(rows);
}

json::object VectorStoreCore::attach_file(const RequestContext& context, const std::string& id,
                                          const VectorStoreFileInput& file, const json::object& params) {
  const std::string op = "attach file to vector store '" + id + "'";
  if (file.file_id.empty()) throw InvalidRequestError(op + ": parameter 'file_id' is required");
  const json::object attributes = attributes_param(params, op);
  const json::value* given_strategy = params.if_contains("chunking_strategy");
  const ChunkingStrategy strategy = chunking_strategy(given_strategy);
  // The model is called without the lock; the store is looked up again after.
  const StoreRow row = snapshot(id).row;

  std::string code, error;
  std::vector<std::string> texts;
  if (!file.error.empty()) {
    code = "invalid_file";
    error = file.error;
  } else if (FileText t = file_text(file); !t.error.empty()) {
    code = "unsupported_file";
    error = t.error;
  } else {
    texts = chunk_text(t.text, strategy);
  }
  std::vector<std::vector<float>> vectors;
  if (!texts.empty()) {
    try {
      vectors = embed(context, row, texts);
    } catch (const std::exception& e) {
      // OpenAI reports a file it could not index as failed, not the call.
      code = "server_error";
      error = "embedding the chunks of file '" + file.file_id + "' failed: " + e.what();
      texts.clear();
    }
  }
  FileRow record{id, file.file_id, file.filename, {}, {}};
  for (std::size_t i = 0; i < texts.size(); ++i) record.chunk_ids.push_back(ids_.mint("chunk-"));
  std::int64_t bytes = 0;
  for (const auto& t : texts) bytes += static_cast<std::int64_t>(t.size());
  record.object = {{"id", file.file_id},
                   {"object", "vector_store.file"},
                   {"attributes", attributes},
                   {"chunking_strategy", strategy_json(given_strategy, strategy)},
                   {"created_at", now_seconds()},
                   {"last_error", error.empty() ? json::value(nullptr)
                                                : json::value(json::object{{"code", code}, {"message", error}})},
                   {"status", error.empty() ? "completed" : "failed"},
                   {"usage_bytes", bytes},
                   {"vector_store_id", id}};

  std::lock_guard lock(mutex_);
  Store& s = store(id);
  SqliteDatabase::Transaction tx(db_);
  if (auto old = files_.file(id, file.file_id)) remove_file_chunks(s, *old);  // re-attached: replaced
  const json::object metadata = chunk_metadata_of(attributes, file.file_id, file.filename);
  std::vector<std::int64_t> rows;
  std::vector<float> flat;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    ChunkRow chunk{0, record.chunk_ids[i], json::string(texts[i]), metadata,
                   {{"chunk_id", record.chunk_ids[i]}, {"document_id", file.file_id}, {"source", file.filename}}};
    rows.push_back(chunks_.add_chunk(id, chunk, texts[i]));
    flat.insert(flat.end(), vectors[i].begin(), vectors[i].end());
  }
  if (!rows.empty()) s.index->add(rows, flat);
  files_.put_file(record);
  touch(s);
  tx.commit();
  return record.object;
}

json::object VectorStoreCore::list_files(const RequestContext&, const std::string& id,
                                         const VectorStoreFileQuery& query) {
  std::lock_guard lock(mutex_);
  store(id);
  return page(files_.files(id), query, "list files of vector store '" + id + "'");
}

json::object VectorStoreCore::retrieve_file(const RequestContext&, const std::string& id, const std::string& file_id) {
  std::lock_guard lock(mutex_);
  store(id);
  return attached(id, file_id).object;
}

json::object VectorStoreCore::file_contents(const RequestContext&, const std::string& id, const std::string& file_id) {
  std::lock_guard lock(mutex_);
  store(id);
  const FileRow file = attached(id, file_id);
  std::vector<std::int64_t> rows;
  for (const auto& chunk_id : file.chunk_ids)
    if (auto row = chunks_.find_chunk(id, chunk_id)) rows.push_back(*row);
  json::array content;
  for (const auto& c : chunks_.chunks(rows))
    content.push_back(json::object{{"type", "text"}, {"text", content_text(c.content)}});
  return {{"file_id", file_id},
          {"filename", file.filename},
          {"attributes", file.object.at("attributes")},
          {"content", std::move(content)}};
}

json::object VectorStoreCore::update_file(const RequestContext&, const std::string& id, const std::string& file_id,
                                          const json::object& params) {
  const std::string op = "update file '" + file_id + "' of vector store '" + id + "'";
  if (!params.contains("attributes")) throw InvalidRequestError(op + ": parameter 'attributes' is required");
  const json::object attributes = attributes_param(params, op);
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  FileRow file = attached(id, file_id);
  SqliteDatabase::Transaction tx(db_);
  file.object["attributes"] = attributes;
  const json::object metadata = chunk_metadata_of(attributes, file_id, file.filename);
  for (const auto& chunk_id : file.chunk_ids)
    if (auto row = chunks_.find_chunk(id, chunk_id)) chunks_.set_metadata(*row, metadata);
  files_.put_file(file);
  touch(s);
  tx.commit();
  return file.object;
}

json::object VectorStoreCore::delete_file(const RequestContext&, const std::string& id, const std::string& file_id) {
  std::lock_guard lock(mutex_);
  Store& s = store(id);
  const FileRow file = attached(id, file_id);
  SqliteDatabase::Transaction tx(db_);
  remove_file_chunks(s, file);
  files_.remove_file(id, file_id);
  touch(s);
  tx.commit();
  return {{"id", file_id}, {"object", "vector_store.file.deleted"}, {"deleted", true}};
}

json::object VectorStoreCore::create_file_batch(const RequestContext& context, const std::string& id,
                                                const std::vector<VectorStoreFileInput>& files,
                                                const json::object& params) {
  const std::string op = "create file batch in vector store '" + id + "'";
  if (files.empty()) throw InvalidRequestError(op + ": parameter 'file_ids' must list at least one file");
  snapshot(id);  // an unknown store is a 404 before any id is minted
  BatchRow batch{id, ids_.mint("batch_"), {}, {}};
  const std::int64_t created = now_seconds();
  std::vector<json::object> results;
  for (const auto& f : files) {
    results.push_back(attach_file(context, id, f, params));
    batch.file_ids.push_back(f.file_id);
  }
  json::object counts = file_counts(results);
  const bool all_failed = counts.at("failed") == counts.at("total");
  batch.object = {{"id", batch.batch_id},
                  {"object", "vector_store.file_batch"},
                  {"created_at", created},
                  {"vector_store_id", id},
                  {"status", all_failed ? "failed" : "completed"},
                  {"file_counts", std::move(counts)}};
  std::lock_guard lock(mutex_);
  store(id);
  files_.put_batch(batch);
  return batch.object;
}

json::object VectorStoreCore::retrieve_file_batch(const RequestContext&, const std::string& id,
                                                  const std::string& batch_id) {
  std::lock_guard lock(mutex_);
  store(id);
  return batch_of(id, batch_id).object;
}

json::object VectorStoreCore::list_file_batch_files(const RequestContext&, const std::string& id,
                                                    const std::string& batch_id, const VectorStoreFileQuery& query) {
  std::lock_guard lock(mutex_);
  store(id);
  const BatchRow batch = batch_of(id, batch_id);
  std::vector<FileRow> files = files_.files(id);
  std::erase_if(files, [&](const FileRow& f) {
    return std::find(batch.file_ids.begin(), batch.file_ids.end(), f.file_id) == batch.file_ids.end();
  });
  return page(std::move(files), query, "list files of batch '" + batch_id + "'");
}

json::object VectorStoreCore::cancel_file_batch(const RequestContext&, const std::string& id,
                                                const std::string& batch_id) {
  std::lock_guard lock(mutex_);
  store(id);
  const BatchRow batch = batch_of(id, batch_id);
  // Batches are processed before create answers: none is ever in progress.
  throw InvalidRequestError("cancel file batch '" + batch_id + "' of vector store '" + id + "': its status is '" +
                            std::string(batch.object.at("status").as_string()) +
                            "'; only an in_progress batch can be cancelled");
}

}  // namespace llama_stack::vector
