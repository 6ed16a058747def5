#pragma once
// TEST DOUBLE of the vector_io router for the RAG tool's unit tests.
#include <llama_stack/apis/vector_io.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace rag_test {

namespace json = boost::json;
using llama_stack::NotFoundError;
using llama_stack::RequestContext;
using llama_stack::VectorStoreFileInput;
using llama_stack::VectorStoreFileQuery;

// A vector_io router answering query_chunks from fixed per-store answers and
// keeping what it was asked (queries, inserts); an unknown store is a
// NotFoundError, as the router's.
class FakeVectorIo final : public llama_stack::VectorIoApi {
 public:
  std::map<std::string, json::object> answers;
  std::vector<json::object> queries;
  std::vector<json::object> inserts;

  json::object query_chunks(const RequestContext&, const json::object& params) override {
    queries.push_back(params);
    const std::string id(params.at("vector_db_id").as_string());
    auto it = answers.find(id);
    if (it == answers.end()) throw NotFoundError("Vector store '" + id + "' not found");
    return it->second;
  }
  json::object create_vector_store(const RequestContext&, const json::object&) override { return unused(); }
  json::object retrieve_vector_store(const RequestContext&, const std::string& id) override {
    if (!answers.contains(id)) throw NotFoundError("Vector store '" + id + "' not found");
    return {{"id", id}};
  }
  json::object update_vector_store(const RequestContext&, const std::string&, const json::object&) override {
    return unused();
  }
  json::object delete_vector_store(const RequestContext&, const std::string&) override { return unused(); }
  json::object search_vector_store(const RequestContext&, const std::string&, const json::object&) override {
    return unused();
  }
  void insert_chunks(const RequestContext&, const json::object& params) override { inserts.push_back(params); }
  json::object attach_file(const RequestContext&, const std::string&, const VectorStoreFileInput&,
                           const json::object&) override {
    return unused();
  }
  json::object list_files(const RequestContext&, const std::string&, const VectorStoreFileQuery&) override {
    return unused();
  }
  json::object retrieve_file(const RequestContext&, const std::string&, const std::string&) override {
    return unused();
  }
  json::object file_contents(const RequestContext&, const std::string&, const std::string&) override {
    return unused();
  }
  json::object update_file(const RequestContext&, const std::string&, const std::string&,
                           const json::object&) override {
    return unused();
  }
  json::object delete_file(const RequestContext&, const std::string&, const std::string&) override {
    return unused();
  }
  json::object create_file_batch(const RequestContext&, const std::string&, const std::vector<VectorStoreFileInput>&,
                                 const json::object&) override {
    return unused();
  }
  json::object retrieve_file_batch(const RequestContext&, const std::string&, const std::string&) override {
    return unused();
  }
  json::object list_file_batch_files(const RequestContext&, const std::string&, const std::string&,
                                     const VectorStoreFileQuery&) override {
    return unused();
  }
  json::object cancel_file_batch(const RequestContext&, const std::string&, const std::string&) override {
    return unused();
  }

 private:
  static json::object unused() { throw std::logic_error("not used by the RAG tool tests"); }
};

}  // namespace rag_test
