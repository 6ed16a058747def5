#pragma once
// What the vector_io suite tests share, as the Python suite's fixtures:
// the sample chunks, an emptied store registry, the running providers.
#include "stack/client/library_client.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <boost/json.hpp>

#include <cctype>
#include <string>
#include <vector>

namespace llama_stack::testing {

// The Python suite's sample_chunks; `with_topic` adds the topics of
// test_openai_vector_stores.py's version.
inline boost::json::array sample_chunks(bool with_topic) {
  static const char* const texts[] = {
      "Python is a high-level programming language that emphasizes code readability and allows programmers to express concepts in fewer lines of code than would be possible in languages such as C++ or Java.",
      "Machine learning is a subset of artificial intelligence that enables systems to automatically learn and improve from experience without being explicitly programmed, using statistical techniques to give computer systems the ability to progressively improve performance on a specific task.",
      "Data structures are fundamental to computer science because they provide organized ways to store and access data efficiently, enable faster processing of data through optimized algorithms, and form the building blocks for more complex software systems.",
      "Neural networks are inspired by biological neural networks found in animal brains, using interconnected nodes called artificial neurons to process information through weighted connections that can be trained to recognize patterns and solve complex problems through iterative learning.",
  };
  static const char* const topics[] = {"programming", "ai", "computer_science", "ai"};
  boost::json::array chunks;
  for (int i = 0; i < 4; ++i) {
    boost::json::object metadata{{"document_id", "doc" + std::to_string(i + 1)}};
    if (with_topic) metadata["topic"] = topics[i];
    chunks.push_back(boost::json::object{{"content", texts[i]}, {"metadata", std::move(metadata)}});
  }
  return chunks;
}

// client_with_empty_registry / compat_client_with_empty_stores: every store deleted.
inline LlamaStackClient& client_with_empty_stores(TestContext& t) {
  auto& client = t.client();
  const auto listed = client.vector_stores.list({{"limit", "100"}});
  for (const auto& s : listed.at("data").as_array())
    client.vector_stores.remove(std::string(s.at("id").as_string()));
  return client;
}

// compat_client_with_empty_stores clears the files too. Attaching files
// needs the files API: without a files provider the tests that attach skip.
inline LlamaStackClient& client_with_empty_stores_and_files(TestContext& t) {
  bool files = false;
  for (const auto& p : t.client().providers.list()) files = files || (p.api == "files" && p.running);
  if (!files) t.skip("no files provider runs: attaching files to a vector store needs the files API");
  auto& client = client_with_empty_stores(t);
  for (const auto& f : client.files.list().data) client.files.remove(f.id);
  return client;
}

inline std::vector<ProviderInfo> vector_io_providers(TestContext& t) {
  std::vector<ProviderInfo> out;
  for (auto& p : t.client().providers.list())
    if (p.api == "vector_io" && p.running) out.push_back(std::move(p));
  return out;
}

// skip_if_provider_doesnt_support_openai_vector_stores: both of ours do.
inline void require_vector_io(TestContext& t) {
  if (vector_io_providers(t).empty()) t.skip("OpenAI vector stores are not supported by any provider");
}

inline std::string create_store(LlamaStackClient& client, TestContext& t, const std::string& name,
                                boost::json::object metadata = {}) {
  boost::json::object params{{"name", name}, {"extra_body", {{"embedding_model", t.embedding_model()}}}};
  if (!metadata.empty()) params["metadata"] = std::move(metadata);
  return std::string(client.vector_stores.create(params).at("id").as_string());
}

inline std::string normalized_text(std::string_view text) {
  std::string out;
  for (unsigned char c : text) out += static_cast<char>(std::tolower(c));
  return out;
}

inline std::string text(const boost::json::value& v) {
  return v.is_string() ? std::string(v.as_string()) : boost::json::serialize(v);
}

inline std::string attribute(const boost::json::value& result, const char* key) {
  return std::string(result.at("attributes").at(key).as_string());
}

}  // namespace llama_stack::testing
