// Vector store search latency, one JSON line per figure:
//   search      p50 / p99 of VectorStoreCore::search_vector_store (vector
//               mode, max_num_results 10) over n chunks of dimension 768,
//               for each provider's index (sqlite-vec: exact scan of the
//               blobs' in-memory copy; faiss: IndexFlatL2), the query's
//               embedding answered by an in-process stub (no model)
//   raw_pass    p50 / p99 of one pass over the same n vectors in memory
//               (the squared L2 distance to each, nothing else): the floor
//               an exact search cannot beat on this machine
// n = 10k and 100k (--sizes 10000,100000 overrides); random vectors,
// fixed seed. The stores live in a temporary directory, removed at the end.
#include "bench/bench_options.hpp"
#include "providers/vector_io/faiss/faiss_index.hpp"
#include "providers/vector_io/sqlite_vec/blob_index.hpp"
#include "providers/kits/vector_core/vector_store_core.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace llama_stack;
using namespace llama_stack::vector;
using Clock = std::chrono::steady_clock;

constexpr int kDimension = 768;
constexpr int kQueries = 50;
constexpr std::size_t kBatch = 5000;
// Written with a distance of each raw pass, so that the compiler cannot drop it.
volatile float g_sink = 0.0f;

// Answers every embedding request with the query vector set last.
class StubEmbeddings : public InferenceApi {
 public:
  json::object chat_completion(const RequestContext&, const json::object&) override { throw UnsupportedError("chat"); }
  std::unique_ptr<JsonStream> chat_completion_stream(const RequestContext&, const json::object&) override { throw UnsupportedError("chat"); }
  json::object completion(const RequestContext&, const json::object&) override { throw UnsupportedError("completion"); }
  std::unique_ptr<JsonStream> completion_stream(const RequestContext&, const json::object&) override { throw UnsupportedError("completion"); }
  json::object embeddings(const RequestContext&, const json::object&) override { return {{"data", json::array{json::object{{"index", 0}, {"embedding", query}}}}}; }
  json::array query;
};

class SequentialIds : public IdMinter {
 public:
  std::string mint(std::string_view prefix) override { return std::string(prefix) + std::to_string(++n_); }

 private:
  unsigned n_ = 0;
};

struct Percentiles {
  double p50_us, p99_us;
};

Percentiles percentiles(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  auto at = [&](double q) { return samples[std::min(samples.size() - 1, static_cast<std::size_t>(q * static_cast<double>(samples.size())))]; };
  return {at(0.5), at(0.99)};
}

void print(const char* figure, const char* index, std::size_t n, Percentiles p) {
  std::printf("{\"figure\": \"%s\", \"index\": \"%s\", \"chunks\": %zu, \"dimension\": %d, \"queries\": %d, "
              "\"p50_us\": %.1f, \"p99_us\": %.1f}\n",
              figure, index, n, kDimension, kQueries, p.p50_us, p.p99_us);
  std::fflush(stdout);
}

std::vector<float> random_vectors(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n * kDimension);
  for (auto& x : v) x = u(rng);
  return v;
}

Percentiles raw_pass(const std::vector<float>& vectors, const std::vector<std::vector<float>>& queries) {
  const std::size_t n = vectors.size() / kDimension;
  std::vector<double> samples;
  std::vector<float> distances(n);
  for (const auto& q : queries) {
    const auto start = Clock::now();
    for (std::size_t i = 0; i < n; ++i) {
      const float* v = vectors.data() + i * kDimension;
      float sum = 0.0f;
      for (int j = 0; j < kDimension; ++j) sum += (v[j] - q[j]) * (v[j] - q[j]);
      distances[i] = sum;
    }
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
  }
  g_sink = distances[n / 2];
  return percentiles(samples);
}

Percentiles search_latency(const fs::path& db, IndexFactory factory, const std::vector<float>& vectors,
                           const std::vector<std::vector<float>>& queries) {
  StubEmbeddings inference;
  SequentialIds ids;
  VectorStoreCore core("bench", db, std::move(factory), inference, ids);
  const std::string store(
      core.create_vector_store(RequestContext{},
                               {{"name", "bench"}, {"embedding_model", "stub"}, {"embedding_dimension", kDimension}})
          .at("id")
          .as_string());
  const std::size_t n = vectors.size() / kDimension;
  for (std::size_t begin = 0; begin < n; begin += kBatch) {
    json::array chunks;
    for (std::size_t i = begin; i < std::min(n, begin + kBatch); ++i) {
      json::array embedding(vectors.begin() + static_cast<std::ptrdiff_t>(i * kDimension),
                            vectors.begin() + static_cast<std::ptrdiff_t>((i + 1) * kDimension));
      chunks.push_back(json::object{{"content", "chunk " + std::to_string(i)},
                                    {"metadata", {{"document_id", "doc" + std::to_string(i)}}},
                                    {"embedding", std::move(embedding)}});
    }
    core.insert_chunks(RequestContext{}, {{"vector_db_id", store}, {"chunks", std::move(chunks)}});
  }
  std::vector<double> samples;
  for (const auto& q : queries) {
    inference.query = json::array(q.begin(), q.end());
    const auto start = Clock::now();
    const auto answer = core.search_vector_store(RequestContext{}, store, {{"query", "q"}, {"max_num_results", 10}});
    samples.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (answer.at("data").as_array().size() != 10) throw StackError("bench: a search answered fewer than 10 results");
  }
  return percentiles(samples);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::size_t> sizes{10000, 100000};
  bench::parse_options(
      argc, argv, "bench-vector-search",
      "Prints one JSON line per figure: search p50/p99 of each index next to a raw pass.",
      {{"--sizes", "N,N...", "chunk counts to measure (default 10000,100000)",
        [&sizes](std::string_view list) -> std::string {
          sizes.clear();
          for (std::size_t start = 0; start <= list.size();) {
            const std::size_t comma = std::min(list.find(',', start), list.size());
            std::size_t n = 0;
            if (std::string problem = bench::parse_count<std::size_t>(list.substr(start, comma - start), 1, n);
                !problem.empty())
              return problem;
            sizes.push_back(n);
            start = comma + 1;
          }
          return {};
        }}});
  std::string pattern = (fs::temp_directory_path() / "vector-bench-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) return 1;
  const fs::path dir = pattern;
  int status = 0;
  try {
    std::mt19937 rng(42);
    for (std::size_t n : sizes) {
      const auto vectors = random_vectors(n, rng);
      std::vector<std::vector<float>> queries;
      for (int i = 0; i < kQueries; ++i) queries.push_back(random_vectors(1, rng));
      print("raw_pass", "memory", n, raw_pass(vectors, queries));
      print("search", "sqlite-vec", n, search_latency(dir / ("sqlite_vec_" + std::to_string(n) + ".db"), &open_blob_index, vectors, queries));
      print("search", "faiss", n, search_latency(dir / ("faiss_" + std::to_string(n) + ".db"), &open_faiss_index, vectors, queries));
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench-vector-search: %s\n", e.what());
    status = 1;
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
  return status;
}
