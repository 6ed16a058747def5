#include "stack/client/library_client.hpp"
#include "stack/core/stack.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
namespace fs = std::filesystem;
namespace json = boost::json;

namespace {
const fs::path kGood = TEST_PLUGIN_GOOD_DIR;
const fs::path kBroken = TEST_PLUGIN_BROKEN_DIR;

ProviderRegistry good_registry() {
  ProviderRegistry r;
  r.scan_directory(kGood, "test");
  return r;
}

RunConfig config_with(std::vector<ProviderEntry> providers) {
  RunConfig c;
  c.image_name = "test";
  c.providers = std::move(providers);
  return c;
}

StackOptions isolated(bool strict = false) {
  StackOptions options;
  options.env = Environment::isolated();
  options.strict = strict;
  return options;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "(no error)";
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

json::object chat(const std::string& model, const std::string& text) {
  return {{"model", model},
          {"messages", json::array{json::object{{"role", "user"}, {"content", text}}}}};
}
}  // namespace

TEST_CASE("models are discovered per provider and routed by identifier") {
  auto stack = Stack::create(config_with({{"inference", "echo", "inline::test-echo", {}},
                                          {"inference", "loud", "inline::test-echo",
                                           {{"mode", "upper"}}}}),
                             good_registry(), isolated());
  LlamaStackClient client(std::move(stack));
  auto models = client.models.list();
  REQUIRE(models.size() == 4);
  CHECK(client.models.retrieve("echo/echo-1").provider_resource_id == "echo-1");
  CHECK(client.models.retrieve("loud/echo-embed").model_type == "embedding");
  CHECK(client.models.retrieve("loud/echo-embed").metadata.at("embedding_dimension") == 2);

  auto quiet = client.chat.completions.create(chat("echo/echo-1", "hello there"));
  CHECK(quiet.choices.at(0).message.content == "hello there");
  // The provider sees its own model id, not the stack identifier.
  CHECK(quiet.raw.at("echoed_params").at("model") == "echo-1");
  auto loud = client.chat.completions.create(chat("loud/echo-1", "hello there"));
  CHECK(loud.choices.at(0).message.content == "HELLO THERE");

  // A provider model id served by two providers is ambiguous.
  CHECK(contains(error_of([&] { client.chat.completions.create(chat("echo-1", "x")); }),
                 "several providers"));
  CHECK(contains(error_of([&] { client.chat.completions.create(chat("nope", "x")); }),
                 "model 'nope' not found; available models: "));
  CHECK(contains(error_of([&] { client.chat.completions.create(chat("echo/echo-embed", "x")); }),
                 "is a embedding model, not llm"));
  CHECK(contains(error_of([&] { client.embeddings.create({{"model", "echo/echo-1"}, {"input", "x"}}); }),
                 "is a llm model, not embedding"));
  CHECK(client.embeddings.create({{"model", "echo/echo-embed"}, {"input", "x"}}).data.at(0).embedding.size() == 2);
}

TEST_CASE("registered aliases route, and unregistering removes them") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}}});
  config.models.push_back({"my-model", "echo", "echo-1", "llm", {}});
  LlamaStackClient client(Stack::create(config, good_registry(), isolated()));
  CHECK(client.chat.completions.create(chat("my-model", "hi")).raw.at("echoed_params").at("model") == "echo-1");
  client.models.register_model("other", "echo", "echo-1");
  CHECK(client.models.retrieve("other").provider_id == "echo");
  // The plain provider model id resolves when exactly one provider serves it.
  CHECK(client.chat.completions.create(chat("echo-1", "hi")).choices.size() == 1);
  client.models.unregister("other");
  CHECK_THROWS_AS(client.models.retrieve("other"), NotFoundError);
  CHECK_THROWS_AS(client.models.unregister("other"), NotFoundError);
  CHECK(contains(error_of([&] { client.models.register_model("x", "ghost", "m"); }), "'ghost'"));
}

TEST_CASE("streaming returns chunks one at a time") {
  LlamaStackClient client(Stack::create(config_with({{"inference", "echo", "inline::test-echo", {}}}),
                                        good_registry(), isolated()));
  auto stream = client.chat.completions.stream(chat("echo/echo-1", "one two three"));
  std::string text;
  int chunks = 0;
  for (const auto& chunk : stream) {
    ++chunks;
    if (chunk.choices.at(0).delta.content) text += *chunk.choices.at(0).delta.content;
  }
  CHECK(chunks == 4);
  CHECK(text == "one two three");
  CHECK_THROWS_AS(client.chat.completions.create([] {
                    auto p = chat("echo/echo-1", "x");
                    p["stream"] = true;
                    return p;
                  }()),
                  InvalidRequestError);
}

TEST_CASE("providers list and inspect report what runs") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}},
                             {"inference", "bedrock", "remote::bedrock", {}}});
  LlamaStackClient client(Stack::create(config, good_registry(), isolated()));
  auto providers = client.providers.list();
  REQUIRE(providers.size() == 2);
  CHECK(providers[0].provider_id == "bedrock");
  CHECK_FALSE(providers[0].running);
  CHECK(contains(providers[0].problem, "no plugin provides provider_type 'remote::bedrock'"));
  CHECK(providers[1].running);
  CHECK(client.inspect.health().at("status") == "Degraded");
  CHECK(client.inspect.version().at("version").is_string());
  bool has_chat = false;
  for (const auto& r : client.inspect.routes()) has_chat |= r.at("route") == "/v1/chat/completions";
  CHECK(has_chat);
}

TEST_CASE("strict mode refuses a provider type without a plugin") {
  auto config = config_with({{"inference", "bedrock", "remote::bedrock", {}}});
  auto error = error_of([&] { Stack::create(config, good_registry(), isolated(true)); });
  CHECK(contains(error, "provider 'bedrock'"));
  CHECK(contains(error, "remote::bedrock"));
  CHECK(contains(error, "inline::test-echo"));
}

TEST_CASE("providers are created in dependency order whatever the file order") {
  auto config = config_with({{"safety", "guard", "inline::test-guard", {}},
                             {"inference", "echo", "inline::test-echo", {}}});
  auto stack = Stack::create(config, good_registry(), isolated());
  CHECK(stack->providers().size() == 2);
  CHECK(stack->providers()[0].provider_id == "echo");
}

TEST_CASE("a missing dependency names the provider and the API") {
  auto config = config_with({{"safety", "guard", "inline::test-guard", {}}});
  auto error = error_of([&] { Stack::create(config, good_registry(), isolated()); });
  CHECK(contains(error, "provider 'guard' (inline::test-guard) depends on API 'inference'"));
}

TEST_CASE("a dependency cycle is reported with its path") {
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-cycle-a.so", "test");
  registry.load_file(kBroken / "test-plugin-cycle-b.so", "test");
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}},
                             {"cycle_a", "a", "inline::test-cycle-a", {}},
                             {"cycle_b", "b", "inline::test-cycle-b", {}}});
  auto error = error_of([&] { Stack::create(config, std::move(registry), isolated()); });
  CHECK(contains(error, "dependency cycle"));
  CHECK(contains(error, "cycle_a -> cycle_b -> cycle_a"));
}

TEST_CASE("a throwing factory is rewrapped with the provider and the file") {
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-throws.so", "test");
  auto config = config_with({{"inference", "t", "inline::test-throws", {}}});
  auto error = error_of([&] { Stack::create(config, std::move(registry), isolated()); });
  CHECK(contains(error, "provider 't' (inline::test-throws)"));
  CHECK(contains(error, "test-plugin-throws.so"));
  CHECK(contains(error, "factory failed: boom"));
}

TEST_CASE("a config the provider rejects names the provider_id and the key") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {{"mode", "shout"}}}});
  config.source = "/tmp/my-run.yaml";
  try {
    Stack::create(config, good_registry(), isolated());
    FAIL("expected a ConfigError");
  } catch (const ConfigError& e) {
    const std::string what = e.what();
    CHECK(contains(what, "/tmp/my-run.yaml"));
    CHECK(contains(what, "provider 'echo'"));
    CHECK(contains(what, "config key 'mode'"));
    CHECK(contains(what, "'shout'"));
  }
}

TEST_CASE("a provider listed under the wrong API is refused") {
  auto config = config_with({{"safety", "echo", "inline::test-echo", {}}});
  auto error = error_of([&] { Stack::create(config, good_registry(), isolated()); });
  CHECK(contains(error, "listed under API 'safety'"));
  CHECK(contains(error, "implements API 'inference'"));
}

TEST_CASE("a stack without inference says so when asked for it") {
  LlamaStackClient client(Stack::create(config_with({}), good_registry(), isolated()));
  CHECK(contains(error_of([&] { client.chat.completions.create(chat("m", "x")); }),
                 "no inference provider"));
}

