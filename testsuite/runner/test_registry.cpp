#include "testsuite/runner/test_expansion.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <stdexcept>

namespace llama_stack::testing {

namespace {
// Filled during static initialisation, before main, like doctest's own registry.
std::vector<TestDefinition>& registry() {
  static std::vector<TestDefinition> tests;
  return tests;
}

const std::map<std::string, std::string>& short_names() {
  static const std::map<std::string, std::string> names{
      {"text-model", "txt"}, {"vision-model", "vis"}, {"embedding-model", "emb"},
      {"safety-shield", "shield"}, {"judge-model", "judge"}};
  return names;
}
}  // namespace

int register_test(TestDefinition definition) {
  registry().push_back(std::move(definition));
  return static_cast<int>(registry().size());
}

const std::vector<TestDefinition>& registered_tests() { return registry(); }

std::string relative_test_file(std::string_view file) {
  const std::string_view marker = "testsuite/";
  const std::size_t at = file.rfind(marker);
  return std::string(at == std::string_view::npos ? file : file.substr(at + marker.size()));
}

std::string test_area(std::string_view file) {
  const std::string relative = relative_test_file(file);
  const std::size_t slash = relative.find('/');
  return slash == std::string::npos ? std::string() : relative.substr(0, slash);
}

std::string parameter_id(const std::map<std::string, std::string>& params, int embedding_dimension) {
  std::string id;
  for (const auto& option : model_option_names()) {
    auto it = params.find(option);
    if (it == params.end()) continue;
    id += (id.empty() ? "" : ":") + short_names().at(option) + "=" + it->second;
    if (option == "embedding-model") id += ":dim=" + std::to_string(embedding_dimension);
  }
  return id;
}

std::vector<TestInstance> expand_tests(const std::vector<TestDefinition>& definitions,
                                       const RunnerOptions& options, const Suite* suite) {
  std::vector<TestInstance> out;
  for (const auto& def : definitions) {
    if (suite != nullptr && !suite_includes(*suite, test_area(def.file), def.vision)) continue;
    const std::string base = relative_test_file(def.file) + "::" + def.name;
    std::string missing;
    for (const auto& use : def.uses) {
      auto it = options.models.find(use);
      if (it == options.models.end() || it->second.empty()) {
        missing = use;
        break;
      }
    }
    if (!missing.empty()) {
      out.push_back({&def, base, {}, options.embedding_dimension,
                     "no --" + missing + " given (set it, or use a --setup that provides one)"});
      continue;
    }
    // Cartesian product over the options the test uses, in declaration order.
    std::vector<std::map<std::string, std::string>> combos{{}};
    for (const auto& use : def.uses) {
      std::vector<std::map<std::string, std::string>> next;
      for (const auto& combo : combos)
        for (const auto& value : options.models.at(use)) {
          auto c = combo;
          c[use] = value;
          next.push_back(std::move(c));
        }
      combos = std::move(next);
    }
    for (auto& combo : combos) {
      const std::string params = parameter_id(combo, options.embedding_dimension);
      out.push_back({&def, params.empty() ? base : base + "[" + params + "]", std::move(combo),
                     options.embedding_dimension, {}});
    }
  }
  return out;
}

TestContext::TestContext(const TestInstance& instance, LlamaStackClient& (*client)())
    : instance_(instance), client_(client) {}

LlamaStackClient& TestContext::client() { return client_(); }

void TestContext::skip(std::string reason) const { throw TestSkipped{std::move(reason)}; }

const std::string& TestContext::param(const std::string& option) const {
  auto it = instance_.params.find(option);
  if (it == instance_.params.end())
    throw std::logic_error(instance_.id + ": the test reads --" + option +
                           " but does not declare it in LLAMA_STACK_TEST(...)");
  return it->second;
}

}  // namespace llama_stack::testing
