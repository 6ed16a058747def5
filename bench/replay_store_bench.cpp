// Medians of the replay store's hot paths, one JSON line per figure:
//   replay_hit      RecordingHttpClient::send in replay mode, a 2 KB request
//                   and a 2 KB answer, among 10k recordings, each recording
//                   for the first time in the run, so with its used-set row
//                   (target < 50 us); replay_hit_repeat: hits seen before
//   record_write    RecordingHttpClient::send in record mode: key, redaction,
//                   normalisation, atomic file write, index row (target < 1 ms)
//   rerecord_unchanged  the same in record mode over an existing recording of
//                   the same answer: read and compare, no write (target < 1 ms)
//   index_rebuild   a full rebuild of index.sqlite from 10k files (target < 2 s)
//   raw_floor       one SQLite point lookup plus one read of the file it names,
//                   nothing else: what a hit cannot beat on this machine
// The upstream is an in-process stub answering a fixed payload (no network),
// so the figures are the store's own cost. The recordings are generated in
// a temporary directory, removed at the end.
#include "bench/bench_options.hpp"
#include "stack/replay/recording_http_client.hpp"
#include "stack/replay/recording_session.hpp"
#include "stack/replay/replay_store.hpp"

#include <boost/json.hpp>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

namespace {

namespace json = boost::json;
namespace fs = std::filesystem;
using namespace llama_stack;
using namespace llama_stack::replay;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kBodyBytes = 2048;

std::string filler(std::size_t i, std::size_t bytes) {
  std::string text = "request " + std::to_string(i) + ": ";
  while (text.size() < bytes) text += "the quick brown fox jumps over the lazy dog ";
  text.resize(bytes);
  return text;
}

HttpRequest request_for(std::size_t i) {
  HttpRequest r;
  r.url = "http://127.0.0.1:11434/v1/chat/completions";
  r.endpoint = "/v1/chat/completions";
  r.body = json::object{
      {"model", "llama3.2:3b-instruct-fp16"},
      {"temperature", 0.7},
      {"messages", json::array{json::object{{"role", "user"},
                                            {"content", filler(i, kBodyBytes - 120)}}}}};
  return r;
}

// Stub upstream for the benchmark (no network): a fixed ~2 KB chat completion.
class StubUpstream final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest&) override { return {200, {}, answer_}; }
  StreamResponse open_stream(const HttpRequest&, StreamFormat) override { return {500, {}, {}, ""}; }

 private:
  std::string answer_ = json::serialize(json::object{
      {"id", "chatcmpl-1"},
      {"object", "chat.completion"},
      {"created", 1700000000},
      {"model", "llama3.2:3b-instruct-fp16"},
      {"choices", json::array{json::object{
                      {"index", 0},
                      {"finish_reason", "stop"},
                      {"message", json::object{{"role", "assistant"},
                                               {"content", filler(0, kBodyBytes - 250)}}}}}},
      {"usage", json::object{{"prompt_tokens", 500}, {"completion_tokens", 400},
                             {"total_tokens", 900}}}});
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <class F>
double time_us(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

void print(const char* figure, double median_value, const char* unit, double target,
           std::size_t recordings, std::size_t samples) {
  std::printf(
      "{\"bench\":\"replay_store\",\"figure\":\"%s\",\"median_%s\":%.3f,\"target_%s\":%g,"
      "\"recordings\":%zu,\"samples\":%zu,\"body_bytes\":%zu}\n",
      figure, unit, median_value, unit, target, recordings, samples, kBodyBytes);
  std::fflush(stdout);
}

// A fresh directory under the system temp dir, removed with its contents.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "replay-bench-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

}  // namespace

int main(int argc, char** argv) {
  std::size_t recordings = 10000;
  std::size_t samples = 2000;
  std::size_t rebuilds = 5;
  bench::parse_options(argc, argv, "bench-replay-store",
                       "Prints one JSON line per figure: replay_hit, record_write,\n"
                       "rerecord_unchanged, index_rebuild, raw_floor (medians).",
                       {bench::count_flag<std::size_t>("--recordings", "recordings in the store (default 10000)",
                                                       recordings, 10),
                        bench::count_flag<std::size_t>("--samples", "timed replays (default 2000)", samples),
                        bench::count_flag<std::size_t>("--rebuilds", "timed index rebuilds (default 5)", rebuilds)});
  TempDir dir;
  auto upstream = std::make_shared<StubUpstream>();
  const std::string test_id = "bench/replay_store::hit";

  // Generate the store through the record path; each write is a sample.
  std::vector<double> writes;
  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
    session->set_test_id(test_id);
    RecordingHttpClient recorder(upstream, session);
    recorder.send(request_for(0));  // opens the index outside the samples
    for (std::size_t i = 1; i < recordings; ++i) {
      const HttpRequest r = request_for(i);
      writes.push_back(time_us([&] { recorder.send(r); }));
    }
  }
  print("record_write", median(writes), "us", 1000, recordings, writes.size());
  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::record, dir.path());
    session->set_test_id(test_id);
    RecordingHttpClient recorder(upstream, session);
    std::vector<double> rewrites;
    for (std::size_t i = 0; i < std::min<std::size_t>(recordings, 2000); ++i) {
      const HttpRequest r = request_for(i);
      rewrites.push_back(time_us([&] { recorder.send(r); }));
    }
    print("rerecord_unchanged", median(rewrites), "us", 1000, recordings, rewrites.size());
  }

  std::mt19937_64 random(7);  // fixed seed: the same picks each run
  std::vector<std::size_t> picks(samples);
  for (auto& p : picks) p = random() % recordings;

  {
    auto session = std::make_shared<RecordingSession>(InferenceMode::replay, dir.path());
    session->set_test_id(test_id);
    RecordingHttpClient replayer(upstream, session);
    replayer.send(request_for(recordings - 1));  // opens and checks the index outside the samples
    std::vector<HttpRequest> requests;
    for (auto p : picks) requests.push_back(request_for(p));
    std::vector<double> hits;
    std::size_t bytes = 0;
    for (const auto& r : requests) hits.push_back(time_us([&] { bytes += replayer.send(r).body.size(); }));
    if (bytes == 0) return 1;
    print("replay_hit", median(hits), "us", 50, recordings, hits.size());
    hits.clear();
    for (const auto& r : requests) hits.push_back(time_us([&] { bytes += replayer.send(r).body.size(); }));
    print("replay_hit_repeat", median(hits), "us", 50, recordings, hits.size());
  }

  {
    ReplayStore store(dir.path());
    std::vector<double> ms;
    for (std::size_t i = 0; i < rebuilds; ++i)
      ms.push_back(time_us([&] { store.reindex(); }) / 1000.0);
    print("index_rebuild", median(ms), "ms", 2000, recordings, ms.size());
  }

  {
    const fs::path index = dir.path() / "index.sqlite";
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(index.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
    sqlite3_stmt* lookup = nullptr;
    sqlite3_prepare_v2(db, "SELECT response_file FROM recordings WHERE request_hash = ?1", -1,
                       &lookup, nullptr);
    std::vector<std::string> ids;
    {
      sqlite3_stmt* all = nullptr;
      sqlite3_prepare_v2(db, "SELECT request_hash FROM recordings", -1, &all, nullptr);
      while (sqlite3_step(all) == SQLITE_ROW)
        ids.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(all, 0)));
      sqlite3_finalize(all);
    }
    std::vector<double> floor;
    std::size_t bytes = 0;
    for (auto p : picks) {
      const std::string& id = ids[p % ids.size()];
      floor.push_back(time_us([&] {
        sqlite3_bind_text(lookup, 1, id.data(), static_cast<int>(id.size()), SQLITE_STATIC);
        if (sqlite3_step(lookup) == SQLITE_ROW) {
          const fs::path file =
              dir.path() / reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0));
          std::ifstream in(file, std::ios::binary);
          const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
          bytes += text.size();
        }
        sqlite3_reset(lookup);
      }));
    }
    sqlite3_finalize(lookup);
    sqlite3_close(db);
    if (bytes == 0) return 1;
    print("raw_floor", median(floor), "us", 0, recordings, floor.size());
  }
  return 0;
}
