// Median time to instantiate the starter stack with every built-in plugin
// loaded (plugin discovery, run.yaml resolution, provider creation and model
// discovery). Ollama is the capture-backed loopback double, so the model
// listing is a real HTTP round trip on loopback. Prints one JSON line.
#include "bench/bench_options.hpp"
#include "stack/client/library_client.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/upstream/capture_upstream.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

int main(int argc, char** argv) {
  int runs = 50;
  bench::parse_options(argc, argv, "bench-stack-startup",
                       "Prints {\"bench\":\"stack_startup\",\"median_ms\":...} for the starter stack.",
                       {bench::count_flag("--runs", "stacks built and timed (default 50)", runs)});
  llama_stack::testing::CaptureUpstream ollama({llama_stack::testing::fixture_dir() / "captures" / "common"});
  ollama.only_hosts({"0.0.0.0:11434", "localhost:11434"});
  ollama.start();
  llama_stack::ClientOptions options;
  options.env = llama_stack::Environment::isolated();
  options.env.set("OLLAMA_URL", ollama.url());

  std::vector<double> ms;
  std::size_t plugins = 0;
  std::size_t models = 0;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    auto client = llama_stack::LlamaStackClient::from_config("starter", options);
    const auto stop = std::chrono::steady_clock::now();
    ms.push_back(std::chrono::duration<double, std::milli>(stop - start).count());
    plugins = client.stack().registry().providers().size();
    models = client.models.list().size();
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "{\"bench\":\"stack_startup\",\"runs\":%d,\"median_ms\":%.3f,\"min_ms\":%.3f,\"max_ms\":%.3f,"
      "\"plugins_loaded\":%zu,\"models\":%zu,\"target_ms\":20}\n",
      runs, ms[ms.size() / 2], ms.front(), ms.back(), plugins, models);
  return 0;
}
