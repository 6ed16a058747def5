#include "stack/client/library_client.hpp"
#include "stack/core/stack.hpp"
#include "stack/layout/install_layout.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

#include <fstream>

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

TEST_CASE("an API's own config section is checked even when none of its providers runs") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}}});
  config.source = "/conf/run.yaml";
  config.extra["vector_stores"] = boost::json::object{{"default_provider_id", "faiss"}};
  auto error = error_of([&] { Stack::create(config, good_registry(), isolated()); });
  CHECK(contains(error, "/conf/run.yaml: vector_stores.default_provider_id: provider 'faiss' is not one "
                        "of this config's vector_io providers (none)"));
  config.extra["vector_stores"] = boost::json::object{};  // nothing to check
  CHECK_NOTHROW(Stack::create(config, good_registry(), isolated()));
}

namespace {
// APIs the test plugins serve besides inference, with a router that routes
// nothing: enough to order and wire providers.
struct NullRouter final : Api {};
ApiDefinition test_api(std::string name) {
  ApiDefinition api;
  api.name = std::move(name);
  api.provider_interface = "Api";
  api.implements = [](const Provider& p) { return dynamic_cast<const Api*>(&p) != nullptr; };
  api.make_router = [](RouterServices&, const std::vector<RoutedProvider>&) {
    return std::unique_ptr<Api>(std::make_unique<NullRouter>());
  };
  return api;
}
StackOptions with_test_apis() {
  StackOptions options = isolated();
  for (const char* name : {"eval", "cycle_a", "cycle_b"}) options.apis.add(test_api(name));
  return options;
}
}  // namespace

TEST_CASE("providers are created in dependency order whatever the file order") {
  auto config = config_with({{"eval", "guard", "inline::test-guard", {}},
                             {"inference", "echo", "inline::test-echo", {}}});
  auto stack = Stack::create(config, good_registry(), with_test_apis());
  CHECK(stack->providers().size() == 2);
  CHECK(stack->providers()[0].provider_id == "echo");
  CHECK(stack->serves("eval"));
}

TEST_CASE("a missing dependency names the provider and the API") {
  auto config = config_with({{"eval", "guard", "inline::test-guard", {}}});
  auto error = error_of([&] { Stack::create(config, good_registry(), with_test_apis()); });
  CHECK(contains(error, "provider 'guard' (inline::test-guard) needs API 'inference', which this "
                        "stack does not provide (no provider is configured for it)"));
  CHECK_THROWS_AS(Stack::create(config, good_registry(), with_test_apis()), ConfigError);
}

TEST_CASE("a dependency on an API whose providers cannot run: not running either, not a crash") {
  // The built-in table has no eval API: the guard cannot run, so neither can
  // the provider that needs eval; it is listed with the reason (strict
  // mode refuses the guard already).
  auto config = config_with({{"inference", "needy", "inline::test-needs-eval", {}},
                             {"eval", "guard", "inline::test-guard", {}}});
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-needs-safety.so", "test");
  auto stack = Stack::create(config, std::move(registry), isolated());
  REQUIRE(stack->providers().size() == 2);
  const ProviderStatus* needy = nullptr;
  for (const auto& p : stack->providers())
    if (p.provider_id == "needy") needy = &p;
  REQUIRE(needy != nullptr);
  CHECK_FALSE(needy->running);
  CHECK(contains(needy->problem, "provider_type 'inline::test-needs-eval' needs API 'eval', "
                                 "which this stack does not provide"));
  CHECK(contains(needy->problem, "its providers are not running: guard: API 'eval' is not served "
                                 "by this stack (it serves: inference"));
  auto strict_registry = good_registry();
  strict_registry.load_file(kBroken / "test-plugin-needs-safety.so", "test");
  CHECK_THROWS_AS(Stack::create(config, std::move(strict_registry), isolated(true)), ConfigError);
}

TEST_CASE("a provider may depend on an API the stack serves itself, with no provider of it") {
  StackOptions options = isolated();
  ApiDefinition eval = test_api("eval");
  eval.serves_without_providers = true;
  options.apis.add(std::move(eval));
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-needs-safety.so", "test");
  auto stack = Stack::create(config_with({{"inference", "needy", "inline::test-needs-eval", {}}}),
                             std::move(registry), std::move(options));
  CHECK(stack->runs("inference", "needy"));
  CHECK(stack->serves("eval"));
}

TEST_CASE("a provider of an API the stack does not serve is listed as not running") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}},
                             {"eval", "guard", "inline::test-guard", {}}});
  auto stack = Stack::create(config, good_registry(), isolated());
  REQUIRE(stack->providers().size() == 2);
  const auto& guard = stack->providers()[0];
  CHECK(guard.provider_id == "guard");
  CHECK_FALSE(guard.running);
  CHECK(guard.file == kGood / "test-plugin-guard.so");
  CHECK(contains(guard.problem, "API 'eval' is not served by this stack"));
  CHECK(stack->runs("inference", "echo"));
  CHECK_FALSE(stack->serves("eval"));
}

TEST_CASE("a dependency cycle is reported with its path") {
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-cycle-a.so", "test");
  registry.load_file(kBroken / "test-plugin-cycle-b.so", "test");
  auto config = config_with({{"inference", "echo", "inline::test-echo", {}},
                             {"cycle_a", "a", "inline::test-cycle-a", {}},
                             {"cycle_b", "b", "inline::test-cycle-b", {}}});
  auto error = error_of([&] { Stack::create(config, std::move(registry), with_test_apis()); });
  CHECK(contains(error, "dependency cycle"));
  CHECK(contains(error, "cycle_a -> cycle_b -> cycle_a"));
}

TEST_CASE("a throwing factory is rewrapped with the provider, the stage and the file") {
  auto registry = good_registry();
  registry.load_file(kBroken / "test-plugin-throws.so", "test");
  auto config = config_with({{"inference", "t", "inline::test-throws", {}}});
  try {
    Stack::create(config, std::move(registry), isolated());
    FAIL("expected a PluginError");
  } catch (const PluginError& e) {
    CHECK(contains(e.file(), "test-plugin-throws.so"));
    CHECK(e.stage() == "factory of provider 't' (inline::test-throws)");
    CHECK(contains(e.cause(), "boom"));
    CHECK(contains(e.what(), "test-plugin-throws.so: factory of provider 't'"));
  }
}

TEST_CASE("a config the provider rejects keeps its provider_id and key through the stack") {
  auto config = config_with({{"inference", "echo", "inline::test-echo", {{"mode", "shout"}}}});
  config.source = "/tmp/my-run.yaml";
  try {
    Stack::create(config, good_registry(), isolated());
    FAIL("expected a ProviderConfigError");
  } catch (const ProviderConfigError& e) {
    const std::string what = e.what();
    CHECK(e.provider_id() == "echo");
    CHECK(e.key() == "mode");
    CHECK(contains(e.where(), "/tmp/my-run.yaml"));
    CHECK(contains(e.where(), "test-plugin-echo.so"));
    CHECK(contains(what, "/tmp/my-run.yaml"));
    CHECK(contains(what, "provider 'echo'"));
    CHECK(contains(what, "config key 'mode'"));
    CHECK(contains(what, "'shout'"));
  }
}

TEST_CASE("config keys are checked against the provider's declaration") {
  auto make = [&](json::object config) {
    auto c = config_with({{"inference", "echo", "inline::test-echo", std::move(config)}});
    c.source = "/tmp/run.yaml";
    return Stack::create(c, good_registry(), isolated());
  };
  auto key_error = [&](json::object config) -> std::pair<std::string, std::string> {
    try {
      make(std::move(config));
    } catch (const ProviderConfigError& e) {
      return {e.key(), e.what()};
    }
    return {"(none)", "(no error)"};
  };
  // A typo names the key and lists the known ones.
  auto [key, what] = key_error({{"mdoe", "upper"}});
  CHECK(key == "mdoe");
  CHECK(contains(what, "unknown key; this provider's keys are: mode, prefix, verbose"));
  CHECK(contains(what, "/tmp/run.yaml"));
  // Types are checked before the factory runs.
  std::tie(key, what) = key_error({{"verbose", "maybe"}});
  CHECK(key == "verbose");
  CHECK(contains(what, "expected a boolean"));
  std::tie(key, what) = key_error({{"mode", json::array{"a"}}});
  CHECK(contains(what, "expected a string"));
  // An alias is the same key: accepted, but not together with the name.
  CHECK_NOTHROW(make({{"chatty", true}}));
  std::tie(key, what) = key_error({{"verbose", true}, {"chatty", false}});
  CHECK(contains(what, "given twice, as 'verbose' and as 'chatty'"));
  // Declared defaults fill absent keys.
  LlamaStackClient client(make({}));
  CHECK(client.chat.completions.create(chat("echo/echo-1", "quiet")).choices.at(0).message.content == "quiet");
}

TEST_CASE("a provider type listed under an API its plugin does not serve is not running") {
  auto config = config_with({{"safety", "echo", "inline::test-echo", {}}});
  auto stack = Stack::create(config, good_registry(), isolated());
  REQUIRE(stack->providers().size() == 1);
  CHECK_FALSE(stack->providers()[0].running);
  CHECK(contains(stack->providers()[0].problem,
                 "no plugin provides provider_type 'inline::test-echo' for API 'safety' (its "
                 "plugins serve: inference)"));
}

TEST_CASE("a stack whose inference providers cannot run names them and why when asked for inference") {
  LlamaStackClient client(Stack::create(config_with({{"inference", "bogus", "remote::bogus", {}}}),
                                        good_registry(), isolated()));
  const std::string error = error_of([&] { client.chat.completions.create(chat("m", "x")); });
  CHECK(contains(error, "this stack has no running inference provider: 'bogus' (remote::bogus): "
                        "no plugin provides provider_type 'remote::bogus' for API 'inference'"));
}

TEST_CASE("a stack without inference says so when asked for it") {
  LlamaStackClient client(Stack::create(config_with({}), good_registry(), isolated()));
  CHECK(contains(error_of([&] { client.chat.completions.create(chat("m", "x")); }),
                 "no inference provider"));
}


TEST_CASE("one layout decides where plugins, distributions and recordings are") {
  Environment env = Environment::isolated();
  const InstallLayout build = InstallLayout::detect(env);
  // These tests run from the build tree: its plugins and the checkout's files.
  CHECK(build.kind == InstallLayout::Kind::build_tree);
  CHECK(fs::is_directory(build.provider_dir));
  REQUIRE(build.distribution_dirs.size() == 1);
  CHECK(fs::exists(build.distribution_dirs[0] / "starter" / "run.yaml"));
  CHECK(build.recordings_dir.filename() == "recordings");
  env.set("LLAMA_STACK_DISTRIBUTIONS_DIR", "/my/distributions");
  env.set("LLAMA_STACK_TEST_RECORDING_DIR", "/my/recordings");
  const InstallLayout mine = InstallLayout::detect(env);
  REQUIRE(mine.distribution_dirs.size() == 2);
  CHECK(mine.distribution_dirs[0] == "/my/distributions");
  CHECK(mine.recordings_dir == "/my/recordings");
}

TEST_CASE("from_config searches a run.yaml's external_providers_dir before the built-in providers") {
  const fs::path dir = fs::temp_directory_path() / "llama-stack-from-config-external";
  fs::remove_all(dir);
  fs::create_directories(dir / "inline" / "inference");
  std::ofstream(dir / "inline" / "inference" / "test-echo.yaml")
      << "library: " << (kGood / "test-plugin-echo.so").string() << "\n";
  std::ofstream(dir / "run.yaml") << "version: 2\nimage_name: external\nexternal_providers_dir: "
                                  << dir.string()
                                  << "\nproviders:\n  inference:\n  - provider_id: echo\n"
                                     "    provider_type: inline::test-echo\n";
  ClientOptions options;
  options.env = Environment::isolated();
  auto client = LlamaStackClient::from_config((dir / "run.yaml").string(), options);
  const RegisteredProvider* echo = client.stack().registry().find("inference", "inline::test-echo");
  REQUIRE(echo != nullptr);
  CHECK(contains(echo->origin, "external_providers_dir"));
  CHECK(client.stack().runs("inference", "echo"));
  // The built-in providers are searched too, after it.
  CHECK(client.stack().registry().find("inference", "remote::ollama") != nullptr);
  fs::remove_all(dir);
}

TEST_CASE("from_config builds an ad-hoc spec from the providers discovered") {
  ClientOptions options;
  options.env = Environment::isolated();
  options.env.set("LLAMA_STACK_PROVIDER_PATH", kGood.string());
  // An ad-hoc stack's stores live there.
  const fs::path stores = fs::temp_directory_path() / "llama-stack-from-config-adhoc";
  options.env.set("SQLITE_STORE_DIR", stores.string());
  {
    auto client = LlamaStackClient::from_config("inference=test-echo", options);
    CHECK(client.stack().runs("inference", "test-echo"));
    CHECK(client.stack().registry().find("inference", "inline::test-echo")->origin ==
          "LLAMA_STACK_PROVIDER_PATH");
  }
  fs::remove_all(stores);
}
