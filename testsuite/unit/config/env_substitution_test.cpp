#include "stack/config/env_substitution.hpp"
#include "stack/config/environment.hpp"

#include "config_test_support.hpp"

#include <doctest/doctest.h>

#include <cstdlib>

using config_test::config_error;
using config_test::env_with;
using llama_stack::Environment;
using llama_stack::substitute_env;

namespace {

const std::string kWhere = "run.yaml: providers.inference[1].config.url";

std::string sub(std::string_view text, const Environment& env) {
  return substitute_env(text, env, kWhere);
}

}  // namespace

TEST_CASE("Environment: isolated sees only its own values") {
  Environment env = Environment::isolated();
  CHECK_FALSE(env.get("PATH").has_value());
  env.set("A", "1");
  env.set("A", "2");
  CHECK(env.get("A") == "2");
  env.set("EMPTY", "");
  CHECK(env.get("EMPTY") == "");
}

TEST_CASE("Environment: process reads through, overrides win") {
  Environment env = Environment::process();
  const char* path = std::getenv("PATH");
  REQUIRE(path != nullptr);
  CHECK(env.get("PATH") == std::string(path));
  CHECK_FALSE(env.get("LLAMA_STACK_CPP_SURELY_UNSET_VARIABLE").has_value());
  env.set("PATH", "/override");
  CHECK(env.get("PATH") == "/override");
}

TEST_CASE("substitute_env: text without references is unchanged") {
  const Environment env = Environment::isolated();
  CHECK(sub("", env) == "");
  CHECK(sub("plain text", env) == "plain text");
  // Only ${env.…} is ours; other dollar forms pass through.
  CHECK(sub("$HOME ${HOME} $env.X ${ENV.X} $", env) == "$HOME ${HOME} $env.X ${ENV.X} $");
}

TEST_CASE("substitute_env: ${env.VAR}") {
  CHECK(sub("${env.URL}", env_with({{"URL", "http://h:1"}})) == "http://h:1");
  CHECK(sub("${env.lower_case1}", env_with({{"lower_case1", "v"}})) == "v");
  // Set but empty is still set.
  CHECK(sub("[${env.E}]", env_with({{"E", ""}})) == "[]");

  const std::string message =
      config_error([] { sub("x-${env.MISSING_VAR}", Environment::isolated()); },
                   {"MISSING_VAR", kWhere, "not set"});
  CHECK(message.rfind(kWhere, 0) == 0);
}

TEST_CASE("substitute_env: ${env.VAR:=default}") {
  CHECK(sub("${env.U:=http://localhost:11434}", env_with({{"U", "http://x:2"}})) == "http://x:2");
  CHECK(sub("${env.U:=http://localhost:11434}", Environment::isolated()) ==
        "http://localhost:11434");
  CHECK(sub("${env.U:=fallback}", env_with({{"U", ""}})) == "fallback");
  CHECK(sub("${env.U:=}", Environment::isolated()) == "");
  CHECK(sub("${env.U:=}", env_with({{"U", "set"}})) == "set");
  // The default keeps ':' '=' '+' and spaces; only '}' ends it.
  CHECK(sub("${env.U:=a:b=c+d e}", Environment::isolated()) == "a:b=c+d e");
  // '~' is left for whoever uses the path.
  CHECK(sub("${env.D:=~/.llama}", Environment::isolated()) == "~/.llama");
}

TEST_CASE("substitute_env: ${env.VAR:+value}") {
  CHECK(sub("${env.K:+cerebras}", env_with({{"K", "secret"}})) == "cerebras");
  CHECK(sub("${env.K:+cerebras}", Environment::isolated()) == "");
  CHECK(sub("${env.K:+cerebras}", env_with({{"K", ""}})) == "");
  CHECK(sub("${env.K:+}", env_with({{"K", "x"}})) == "");
}

TEST_CASE("substitute_env: several references in one scalar") {
  const Environment env = env_with({{"HOST", "db"}, {"PORT", "5432"}});
  CHECK(sub("postgres://${env.HOST}:${env.PORT}/${env.DB:=app}?x=${env.SSL:+1}", env) ==
        "postgres://db:5432/app?x=");
  CHECK(sub("${env.SQLITE_STORE_DIR:=~/.llama/distributions/starter}/faiss_store.db",
            Environment::isolated()) == "~/.llama/distributions/starter/faiss_store.db");
  CHECK(sub("${env.SQLITE_STORE_DIR:=~/.llama/distributions/starter}/faiss_store.db",
            env_with({{"SQLITE_STORE_DIR", "/data"}})) == "/data/faiss_store.db");
  CHECK(sub("${env.A}${env.A}", env_with({{"A", "ab"}})) == "abab");
  // A substituted value is not scanned again.
  CHECK(sub("${env.A}", env_with({{"A", "${env.B}"}})) == "${env.B}");
}

TEST_CASE("substitute_env: malformed references name the location") {
  const Environment env = env_with({{"X", "1"}});
  for (std::string_view text :
       {"${env.}", "${env.X", "${env.X:=abc", "${env.X:+abc", "${env.X-y}", "${env.X:-y}",
        "${env.X Y}", "a ${env.:=d}", "${env.X:=${env.Y}}"}) {
    CAPTURE(text);
    config_error([&] { sub(text, env); }, {kWhere, "malformed environment reference"});
  }
  config_error([&] { sub("${env.X", env); }, {"missing '}'"});
  config_error([&] { sub("${env.}", env); }, {"expected a variable name"});
  config_error([&] { sub("${env.X:=${env.Y}}", env); }, {"nested"});
}

TEST_CASE("substitute_env collecting: unset references are listed, not thrown") {
  std::vector<llama_stack::UnsetReference> unset;
  const std::string text = substitute_env("${env.A}/${env.B:=b}/${env.C}/${env.A}",
                                          env_with({{"B", "set"}}), kWhere, unset);
  // Left as written, so the text shows what is missing.
  CHECK(text == "${env.A}/set/${env.C}/${env.A}");
  REQUIRE(unset.size() == 3);
  CHECK(unset[0].variable == "A");
  CHECK(unset[1].variable == "C");
  CHECK(unset[2].variable == "A");
  CHECK(unset[0].where == kWhere);
  // Malformed references still throw.
  config_error([&] { substitute_env("${env.X", Environment::isolated(), kWhere, unset); },
               {kWhere, "missing '}'"});
}

TEST_CASE("throw_unset: one variable once, or all of them grouped") {
  const std::string one = config_error(
      [] {
        llama_stack::throw_unset("f.yaml", {{"URL", "f.yaml:3: providers.x[0].config.url"}});
      },
      {"f.yaml:3: providers.x[0].config.url: environment variable 'URL' is not set",
       "'${env.URL:=default}'"});
  CHECK(one.rfind("f.yaml:3:", 0) == 0);

  const std::string many = config_error(
      [] {
        llama_stack::throw_unset(
            "f.yaml", {{"B", "f.yaml:2: b"}, {"A", "f.yaml:5: a"}, {"B", "f.yaml:9: c"}});
      },
      {"f.yaml: 2 environment variables are not set:", "'B' (needed by f.yaml:2: b; f.yaml:9: c)",
       "'A' (needed by f.yaml:5: a)"});
  CHECK(many.find("'B'") < many.find("'A'"));  // in the order first met

  // The same place met twice is named once.
  const std::string once = config_error(
      [] {
        llama_stack::throw_unset("f.yaml", {{"K", "f.yaml:2: a"}, {"K", "f.yaml:2: a"}});
      },
      {"f.yaml:2: a: environment variable 'K' is not set"});
  CHECK(once.find("f.yaml:2: a", 1) == std::string::npos);

  config_error(
      [] {
        llama_stack::throw_unset("f.yaml", {{"K", "f.yaml:2: a"}, {"K", "f.yaml:4: b"}});
      },
      {"f.yaml: 1 environment variable is not set:", "'K' (needed by f.yaml:2: a; f.yaml:4: b)"});
}
