// YAML that would make a naive reader recurse forever or exhaust memory is
// refused with an error naming the file and the key. JSON has no references,
// so the reader expands aliases: without its limits, each of these crashed
// `llama-stack providers list --stack-config=<file>` (stack overflow) or
// never finished.
#include "stack/config/run_config.hpp"
#include "stack/config/yaml_json.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>

#include <string>

using config_test::config_error;
using llama_stack::Environment;
using llama_stack::parse_run_config;
using llama_stack::RunConfig;
using llama_stack::config_detail::YamlDocument;

namespace {

RunConfig parse(const std::string& yaml) {
  return parse_run_config(yaml, "f.yaml", Environment::isolated());
}

// `levels` anchors, each a list of nine aliases of the one before: the
// last one expands to 9^levels values from a few hundred bytes.
std::string alias_bomb(int levels) {
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i <= levels; ++i) {
    const std::string prev = "*a" + std::to_string(i - 1);
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int j = 0; j < 9; ++j) yaml += (j ? ", " : "") + prev;
    yaml += "]\n";
  }
  return yaml + "providers: {}\n";
}

}  // namespace

TEST_CASE("an alias inside the node it names is a cycle, refused with its place") {
  config_error([] { parse("providers: {}\nloop: &a [*a]\n"); },
               {"f.yaml:2", "loop[0]", "a cycle"});
  config_error([] { parse("providers: {}\nloop: &m {self: *m}\n"); },
               {"f.yaml:2", "loop.self", "a cycle"});
  // In a provider's config, where the storage check walks too.
  config_error(
      [] {
        parse("providers:\n  inference:\n  - provider_id: o\n    provider_type: remote::ollama\n"
              "    config: &c {url: http://x, nested: {again: *c}}\n");
      },
      {"f.yaml", "providers.inference[0].config.nested.again", "a cycle"});
}

TEST_CASE("aliases that repeat a node are expanded, within a limit on the document's size") {
  // Shared (not cyclic) aliases are ordinary YAML and read as copies.
  const RunConfig small = parse("providers: {}\nbase: &b {k: 1}\nuse: [*b, *b]\n");
  CHECK(small.extra.at("use").as_array().size() == 2);
  CHECK(small.extra.at("use").as_array()[1].as_object().at("k") == 1);
  // 9^12 values from 600 bytes: refused once the limit is passed.
  config_error([] { parse(alias_bomb(12)); },
               {"f.yaml", "more than " + std::to_string(YamlDocument::kMaxValues) + " values"});
}

TEST_CASE("a chain of aliases nesting deeper than the limit is refused, not a stack overflow") {
  // Each anchor holds the one before: no cycle and no blow-up, but
  // 5000 levels deep (yaml-cpp's own depth limit sees one level per line).
  std::string yaml = "l0: &l0 [end]\n";
  for (int i = 1; i < 5000; ++i)
    yaml += "l" + std::to_string(i) + ": &l" + std::to_string(i) + " [*l" +
            std::to_string(i - 1) + "]\n";
  yaml += "providers: {}\n";
  config_error([&] { parse(yaml); },
               {"f.yaml", "nested more than " + std::to_string(YamlDocument::kMaxDepth)});
}

TEST_CASE("deep but finite nesting within the limit still loads") {
  std::string value = "1";
  for (int i = 0; i < 100; ++i) value = "[" + value + "]";
  const RunConfig config = parse("providers: {}\ndeep: " + value + "\n");
  const boost::json::value* v = &config.extra.at("deep");
  for (int i = 0; i < 100; ++i) v = &v->as_array().at(0);
  CHECK(*v == 1);
}

TEST_CASE("YAML nested past yaml-cpp's own depth limit is reported as too deep, not as 'bad file'") {
  const std::string message = config_error(
      [] { parse("providers: {}\ndeep: " + std::string(5000, '[') + "\n"); },
      {"f.yaml:", "YAML nested deeper than the reader allows"});
  CHECK(message.find("bad file") == std::string::npos);
}

TEST_CASE("a stray flow indicator that yaml-cpp never gets past is an error, not a hang") {
  // Found by the run-config fuzzer: yaml-cpp 0.7 yields empty documents for
  // a leading ',' forever, with memory growing.
  config_error([] { parse(","); }, {"f.yaml", "YAML syntax error", "makes no progress"});
  config_error([] { parse(",\nproviders: {}\n"); }, {"makes no progress"});
  // Several real documents are still counted as such.
  config_error([] { parse("providers: {}\n---\nproviders: {}\n"); }, {"expected one YAML document, found 2"});
}
