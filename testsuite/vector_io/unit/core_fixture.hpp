#pragma once
// A vector store core over a temporary SQLite file, with a stand-in for the
// inference router whose "embedding model" counts four topic words: enough
// to know which chunk a query must find, without a model.
#include "providers/vector_io/faiss/faiss_index.hpp"
#include "providers/vector_io/sqlite_vec/blob_index.hpp"
#include "providers/kits/vector_core/vector_store_core.hpp"
#include "testsuite/unit/config/config_test_support.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

#include <cctype>
#include <memory>
#include <string>

namespace llama_stack::vector::test {

namespace json = boost::json;

inline constexpr int kDimension = 4;

class TopicEmbeddings : public InferenceApi {
 public:
  json::object chat_completion(const RequestContext&, const json::object&) override { throw UnsupportedError("chat"); }
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext&, const json::object&) override { throw UnsupportedError("chat"); }
  json::object completion(const RequestContext&, const json::object&) override { throw UnsupportedError("completion"); }
  std::unique_ptr<JsonStream> completion_stream(const RequestContext&, const json::object&) override { throw UnsupportedError("completion"); }
  json::object embeddings(const RequestContext& context, const json::object& params) override {
    ++calls;
    last_model = std::string(params.at("model").as_string());
    last_provider_data = context.provider_data();
    json::array data;
    std::int64_t i = 0;
    for (const auto& text : params.at("input").as_array()) {
      std::string lower;
      for (unsigned char c : text.as_string()) lower += static_cast<char>(std::tolower(c));
      json::array v;
      for (const char* word : {"python", "learn", "data", "neural"}) {
        double n = 0;
        for (auto at = lower.find(word); at != std::string::npos; at = lower.find(word, at + 1)) ++n;
        v.push_back(n);
      }
      for (int extra = kDimension; extra < dimension; ++extra) v.push_back(0.0);
      data.push_back(json::object{{"object", "embedding"}, {"index", i++}, {"embedding", std::move(v)}});
    }
    return {{"object", "list"}, {"data", std::move(data)}, {"model", last_model}};
  }
  int calls = 0;
  int dimension = kDimension;  // what the model answers
  std::string last_model;
  // What the embedding model's provider would read its key from.
  json::object last_provider_data;
};

class CountingIds : public IdMinter {
 public:
  std::string mint(std::string_view prefix) override {
    char hex[25];
    std::snprintf(hex, sizeof hex, "%024x", ++n);
    return std::string(prefix) + hex;
  }
  unsigned n = 0;
};

inline IndexFactory index_named(const std::string& name) {
  return name == "faiss" ? IndexFactory(&open_faiss_index) : IndexFactory(&open_blob_index);
}

struct CoreFixture {
  config_test::TempDir dir;
  TopicEmbeddings inference;
  CountingIds ids;
  std::string index = "sqlite-vec";
  std::unique_ptr<VectorStoreCore> core;

  explicit CoreFixture(std::string index_name = "sqlite-vec") : index(std::move(index_name)) { reopen(); }
  void reopen() {
    core.reset();
    core = std::make_unique<VectorStoreCore>("vp", dir.path() / "store.db", index_named(index), inference, ids);
  }
  std::string create(const std::string& name = "s") {
    return std::string(core->create_vector_store(
                               RequestContext{},
                               {{"name", name}, {"embedding_model", "emb/topics"}, {"embedding_dimension", kDimension}})
                           .at("id")
                           .as_string());
  }
  // A search with no request's provider data.
  json::object search(const std::string& store, const json::object& params) {
    return core->search_vector_store(RequestContext{}, store, params);
  }
  // The four documents of the Python suite's sample, by topic.
  void insert_samples(const std::string& store) {
    json::array chunks;
    const char* texts[] = {"Python is a programming language; python code reads well.",
                           "Machine learning lets systems learn from experience.",
                           "Data structures organise data for efficient access.",
                           "Neural networks are inspired by neural tissue."};
    const char* topics[] = {"programming", "ai", "computer_science", "ai"};
    for (int i = 0; i < 4; ++i)
      chunks.push_back(json::object{{"content", texts[i]},
                                    {"metadata", {{"document_id", "doc" + std::to_string(i + 1)},
                                                  {"topic", topics[i]}, {"rank", i + 1}}}});
    core->insert_chunks(RequestContext{}, {{"vector_db_id", store}, {"chunks", std::move(chunks)}});
  }
};

inline std::string top_document(const json::object& answer) {
  const auto& data = answer.at("data").as_array();
  REQUIRE(!data.empty());
  return std::string(data[0].at("attributes").at("document_id").as_string());
}

}  // namespace llama_stack::vector::test
