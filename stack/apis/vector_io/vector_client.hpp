#pragma once
// The library client's vector_io calls: client.vector_stores.* (OpenAI's
// vector stores) and client.vector_io.insert / query (the Llama Stack's
// chunk API). Answers are the API's JSON objects; errors the stack's types
// (NotFoundError for an unknown store, InvalidRequestError, ...), in
// process and remote alike.
#include "stack/routing/route_caller.hpp"

#include <boost/json/object.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace llama_stack {

// client.vector_stores.files: files attached to a store.
class VectorStoreFilesClient {
 public:
  explicit VectorStoreFilesClient(RouteCaller call) : call_(std::move(call)) {}
  // params: file_id, attributes, chunking_strategy.
  boost::json::object create(std::string_view vector_store_id, const boost::json::object& params);
  // query: limit, order, after, before, filter (a status).
  boost::json::object list(std::string_view vector_store_id, const ParamMap& query = {});
  boost::json::object retrieve(std::string_view vector_store_id, std::string_view file_id);
  // {file_id, filename, attributes, content: [{type: text, text}]}.
  boost::json::object content(std::string_view vector_store_id, std::string_view file_id);
  // params: attributes.
  boost::json::object update(std::string_view vector_store_id, std::string_view file_id,
                             const boost::json::object& params);
  boost::json::object remove(std::string_view vector_store_id, std::string_view file_id);

 private:
  RouteCaller call_;
};

// client.vector_stores.file_batches.
class VectorStoreFileBatchesClient {
 public:
  explicit VectorStoreFileBatchesClient(RouteCaller call) : call_(std::move(call)) {}
  // params: file_ids, attributes, chunking_strategy.
  boost::json::object create(std::string_view vector_store_id, const boost::json::object& params);
  boost::json::object retrieve(std::string_view vector_store_id, std::string_view batch_id);
  boost::json::object list_files(std::string_view vector_store_id, std::string_view batch_id,
                                 const ParamMap& query = {});
  boost::json::object cancel(std::string_view vector_store_id, std::string_view batch_id);

 private:
  RouteCaller call_;
};

class VectorStoresClient {
 public:
  explicit VectorStoresClient(RouteCaller call) : files(call), file_batches(call), call_(std::move(call)) {}
  VectorStoreFilesClient files;
  VectorStoreFileBatchesClient file_batches;

  // params: name, metadata, embedding_model, embedding_dimension,
  // provider_id (or inside extra_body, as the OpenAI client sends them).
  boost::json::object create(const boost::json::object& params = {});
  // {object: list, data, first_id, last_id, has_more}; query: limit, order,
  // after, before.
  boost::json::object list(const ParamMap& query = {});
  boost::json::object retrieve(std::string_view vector_store_id);
  boost::json::object update(std::string_view vector_store_id, const boost::json::object& params);
  boost::json::object remove(std::string_view vector_store_id);
  // params: query, filters, max_num_results, ranking_options, search_mode.
  boost::json::object search(std::string_view vector_store_id, const boost::json::object& params);

 private:
  RouteCaller call_;
};

class VectorIoClient {
 public:
  explicit VectorIoClient(RouteCaller call) : call_(std::move(call)) {}
  // params: vector_db_id, chunks.
  void insert(const boost::json::object& params);
  // params: vector_db_id, query, params; answers {chunks, scores}.
  boost::json::object query(const boost::json::object& params);

 private:
  RouteCaller call_;
};

}  // namespace llama_stack
