// inline::llama-guard in a stack built from run.yaml text: a bad
// excluded_categories is a config error naming the provider, the key and the
// value; the provider needs an inference provider; a shield whose model no
// inference provider serves fails naming the model. No network: the stack's
// HTTP client refuses every call.
#include "stack/config/run_config.hpp"
#include "stack/core/stack.hpp"

#include <llama_stack/apis/safety.hpp>
#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
namespace json = boost::json;

namespace {

class RefusingHttpClient final : public HttpClient {
 public:
  HttpResponse send(const HttpRequest& r) override { refuse(r); }
  StreamResponse open_stream(const HttpRequest& r, StreamFormat) override { refuse(r); }

 private:
  [[noreturn]] static void refuse(const HttpRequest& r) {
    throw ConnectionError(r.url, "cannot connect to " + r.url + ": refused (test double)");
  }
};

constexpr const char* kInference =
    "  inference:\n"
    "  - provider_id: ollama\n"
    "    provider_type: remote::ollama\n"
    "    config:\n"
    "      url: http://127.0.0.1:9\n";

std::string run_yaml(const std::string& safety_config, bool with_inference = true) {
  return std::string("version: 2\nimage_name: t\napis: [inference, safety]\nproviders:\n") +
         (with_inference ? kInference : "") +
         "  safety:\n"
         "  - provider_id: llama-guard\n"
         "    provider_type: inline::llama-guard\n"
         "    config:\n" + safety_config +
         "shields:\n"
         "- shield_id: llama-guard\n"
         "  provider_id: llama-guard\n"
         "  provider_shield_id: ollama/llama-guard3:1b\n";
}

std::unique_ptr<Stack> build(const std::string& yaml) {
  const Environment env = Environment::isolated();
  StackOptions options;
  options.env = env;
  options.http = std::make_shared<RefusingHttpClient>();
  RunConfig config = parse_run_config(yaml, "safety.run.yaml", env);
  config.source = "safety.run.yaml";
  return Stack::create(std::move(config), ProviderRegistry::discover(env), options);
}

std::string error_of(const std::string& yaml) {
  try {
    build(yaml);
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

}  // namespace

TEST_CASE("excluded_categories must be category codes, in a list") {
  const std::string unknown = error_of(run_yaml("      excluded_categories: [S1, S99]\n"));
  CHECK(unknown.find("llama-guard") != std::string::npos);
  CHECK(unknown.find("excluded_categories") != std::string::npos);
  CHECK(unknown.find("'S99'") != std::string::npos);
  const std::string not_list = error_of(run_yaml("      excluded_categories: S1\n"));
  CHECK(not_list.find("excluded_categories") != std::string::npos);
  CHECK(not_list.find("(no error)") == std::string::npos);
}

TEST_CASE("llama-guard needs an inference provider") {
  const std::string e = error_of(run_yaml("      excluded_categories: []\n", false));
  CHECK(e.find("needs API 'inference'") != std::string::npos);
}

TEST_CASE("a shield whose model no provider serves fails naming the model") {
  auto stack = build(run_yaml("      excluded_categories: [S2]\n"));
  REQUIRE(stack->serves("safety"));
  auto& safety = dynamic_cast<SafetyApi&>(stack->api("safety"));
  const json::array hello{json::object{{"role", "user"}, {"content", "hello"}}};
  CHECK_THROWS_WITH_AS(safety.run_shield(RequestContext{}, "llama-guard", hello, {}),
                       doctest::Contains("ollama/llama-guard3:1b"), NotFoundError);
  CHECK_THROWS_WITH_AS(safety.run_shield(RequestContext{}, "other", hello, {}),
                       doctest::Contains("shield 'other' not found (known: llama-guard)"),
                       NotFoundError);
}
