#include "testsuite/runner/test_expansion.hpp"
#include "testsuite/runner/test_registry.hpp"

#include <cstdint>
#include <stdexcept>

namespace llama_stack::testing {

namespace {
// Filled during static initialisation, before main, like doctest's own registry.
std::vector<TestDefinition>& registry() {
  static std::vector<TestDefinition> tests;
  return tests;
}

constexpr std::string_view kDimension = "embedding-dimension";

// conftest.py's fixture_configs, in its order: the order of the id's parts.
const std::vector<std::pair<std::string, std::string>>& id_prefixes() {
  static const std::vector<std::pair<std::string, std::string>> prefixes{
      {"text-model", "txt"},     {"vision-model", "vis"}, {"embedding-model", "emb"},
      {"safety-shield", "shield"}, {"judge-model", "judge"}, {std::string(kDimension), "dim"}};
  return prefixes;
}

// conftest.py's MODEL_SHORT_IDS: these models appear by a short name in ids.
std::string short_id(const std::string& model) {
  static const std::map<std::string, std::string> ids{
      {"meta-llama/Llama-3.2-3B-Instruct", "3B"},          {"meta-llama/Llama-3.1-8B-Instruct", "8B"},
      {"meta-llama/Llama-3.1-70B-Instruct", "70B"},        {"meta-llama/Llama-3.1-405B-Instruct", "405B"},
      {"meta-llama/Llama-3.2-11B-Vision-Instruct", "11B"}, {"meta-llama/Llama-3.2-90B-Vision-Instruct", "90B"},
      {"meta-llama/Llama-3.3-70B-Instruct", "70B"},        {"meta-llama/Llama-Guard-3-1B", "Guard1B"},
      {"meta-llama/Llama-Guard-3-8B", "Guard8B"},          {"nomic-ai/nomic-embed-text-v1.5", "Nomic-v1.5"}};
  auto it = ids.find(model);
  return it == ids.end() ? model : it->second;
}

using Combination = std::map<std::string, std::string>;

// Every combination of `combos` with each value of `name`.
std::vector<Combination> times(const std::vector<Combination>& combos, const std::string& name,
                               const std::vector<std::string>& values) {
  std::vector<Combination> out;
  for (const auto& combo : combos)
    for (const auto& value : values) {
      auto c = combo;
      c[name] = value;
      out.push_back(std::move(c));
    }
  return out;
}

bool takes_client_with_models(const TestDefinition& definition) {
  for (const auto& use : definition.uses)
    if (use == kClientWithModels) return true;
  return false;
}

// client_with_models' model fixtures, each the run's models or unset, and
// the dimension.
std::vector<Combination> client_with_models_combinations(const RunnerOptions& options) {
  std::vector<Combination> combos{{}};
  for (const auto& [option, prefix] : id_prefixes()) {
    if (option == "safety-shield") continue;
    if (option == kDimension) {
      combos = times(combos, option, {std::to_string(options.embedding_dimension)});
      continue;
    }
    auto it = options.models.find(option);
    if (it != options.models.end() && !it->second.empty()) combos = times(combos, option, it->second);
  }
  return combos;
}

}  // namespace

Parametrization parametrize(std::string name, std::vector<std::string> values) {
  return {std::move(name), std::move(values)};
}

std::string pytest_string_id(std::string_view value) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto hex = [](std::uint32_t v, int digits) {
    std::string out(static_cast<std::size_t>(digits), '0');
    for (int i = digits - 1; i >= 0; --i, v >>= 4) out[static_cast<std::size_t>(i)] = kHex[v & 0xf];
    return out;
  };
  std::string out;
  for (std::size_t i = 0; i < value.size();) {
    const auto c = static_cast<unsigned char>(value[i]);
    std::uint32_t code = c;
    std::size_t length = 1;
    if (c >= 0xc0) {  // a UTF-8 sequence; a malformed one escapes byte by byte
      length = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
      code = c & (0x3f >> (length - 1));
      bool valid = i + length <= value.size();
      for (std::size_t k = 1; valid && k < length; ++k) {
        const auto next = static_cast<unsigned char>(value[i + k]);
        valid = (next & 0xc0) == 0x80;
        code = (code << 6) | (next & 0x3f);
      }
      if (!valid) length = 1, code = c;
    }
    i += length;
    if (code == '\\') out += "\\\\";
    else if (code == '\n') out += "\\n";
    else if (code == '\t') out += "\\t";
    else if (code == '\r') out += "\\r";
    else if (code >= 0x20 && code < 0x7f) out += static_cast<char>(code);
    else if (code < 0x100) out += "\\x" + hex(code, 2);
    else if (code < 0x10000) out += "\\u" + hex(code, 4);
    else out += "\\U" + hex(code, 8);
  }
  return out;
}

Parametrization fixture_params(std::string name, std::vector<std::string> values) {
  return {std::move(name), std::move(values), true};
}

Parametrization test_cases(std::initializer_list<const char*> ids) {
  return {"test_case", std::vector<std::string>(ids.begin(), ids.end())};
}

int register_test(TestDefinition definition) {
  registry().push_back(std::move(definition));
  return static_cast<int>(registry().size());
}

int register_test(const char* file, int line, const char* name, bool vision, TestFunction function,
                  std::initializer_list<TestUse> uses) {
  TestDefinition definition{file, line, name, {}, vision, function};
  for (const auto& use : uses) {
    if (!use.option.empty()) definition.uses.push_back(use.option);
    else definition.parametrizations.push_back(use.parametrization);
  }
  return register_test(std::move(definition));
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

std::string parameter_id(const std::map<std::string, std::string>& params) {
  std::string id;
  for (const auto& [option, prefix] : id_prefixes()) {
    auto it = params.find(option);
    if (it == params.end()) continue;
    id += (id.empty() ? "" : ":") + prefix + "=" + short_id(it->second);
  }
  return id;
}

std::string instance_id(const TestDefinition& definition, const std::map<std::string, std::string>& params) {
  std::string id;
  const auto append = [&id](const std::string& part) { id += (id.empty() ? "" : "-") + part; };
  for (const auto& p : definition.parametrizations)
    if (auto it = params.find(p.name); p.fixture && it != params.end()) append(it->second);
  if (takes_client_with_models(definition)) {
    for (const auto& [option, prefix] : id_prefixes()) {
      if (option == "safety-shield") continue;  // not a fixture of client_with_models
      auto it = params.find(option);
      append(it == params.end() ? "None" : it->second);
    }
  } else if (const std::string models = parameter_id(params); !models.empty()) {
    append(models);
  }
  for (const auto& p : definition.parametrizations)
    if (auto it = params.find(p.name); !p.fixture && it != params.end()) append(it->second);
  const std::string base = relative_test_file(definition.file) + "::" + definition.name;
  return id.empty() ? base : base + "[" + id + "]";
}

std::vector<TestInstance> expand_tests(const std::vector<TestDefinition>& definitions,
                                       const RunnerOptions& options, const Suite* suite) {
  std::vector<TestInstance> out;
  for (const auto& def : definitions) {
    if (suite != nullptr && !suite_includes(*suite, test_area(def.file), def.vision)) continue;
    std::string missing;
    for (const auto& use : def.uses) {
      if (use == kDimension || use == kClientWithModels) continue;  // always set: --embedding-dimension has a default
      auto it = options.models.find(use);
      if (it == options.models.end() || it->second.empty()) {
        missing = use;
        break;
      }
    }
    if (!missing.empty()) {
      out.push_back({&def, instance_id(def, {}), {}, options.embedding_dimension,
                     "no --" + missing + " given (set it, or use a --setup that provides one)"});
      continue;
    }
    // The cartesian product, as pytest orders it: fixture params, models
    // (in declaration order), then the test's own parametrisations.
    std::vector<Combination> combos{{}};
    for (const auto& p : def.parametrizations)
      if (p.fixture) combos = times(combos, p.name, p.values);
    for (const auto& use : def.uses) {
      if (use == kClientWithModels) {
        std::vector<Combination> with_models;
        for (const auto& combo : combos)
          for (const auto& models : client_with_models_combinations(options)) {
            auto c = combo;
            c.insert(models.begin(), models.end());
            with_models.push_back(std::move(c));
          }
        combos = std::move(with_models);
        continue;
      }
      combos = times(combos, use,
                     use == kDimension ? std::vector<std::string>{std::to_string(options.embedding_dimension)}
                                       : options.models.at(use));
    }
    for (const auto& p : def.parametrizations)
      if (!p.fixture) combos = times(combos, p.name, p.values);
    for (auto& combo : combos) {
      std::string id = instance_id(def, combo);
      out.push_back({&def, std::move(id), std::move(combo), options.embedding_dimension, {}});
    }
  }
  return out;
}

TestContext::TestContext(const TestInstance& instance, LlamaStackClient& (*client)())
    : instance_(instance), client_(client) {}

LlamaStackClient& TestContext::client() { return client_(); }

void TestContext::skip(std::string reason) const { throw TestSkipped{std::move(reason)}; }

const std::string& TestContext::parameter(const std::string& name) const {
  auto it = instance_.params.find(name);
  if (it == instance_.params.end())
    throw std::logic_error(instance_.id + ": the test reads '" + name +
                           "' but does not declare it in LLAMA_STACK_TEST(...)");
  return it->second;
}

}  // namespace llama_stack::testing
