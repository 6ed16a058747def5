// The shields registry, in library and server mode alike: the run config's
// shield is listed with its model, a shield registered at run time can be
// retrieved and unregistered, and an unknown shield is a NotFoundError (404
// from a server) naming it. No model is asked: nothing here is recorded.
#include "testsuite/safety/safety_suite_support.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;
using namespace llama_stack::testing;
namespace json = boost::json;

LLAMA_STACK_TEST(test_shield_is_listed, "safety-shield") {
  const auto shield = t.client().shields.retrieve(t.safety_shield());
  CHECK(shield.identifier == t.safety_shield());
  CHECK(!shield.provider_id.empty());
  CHECK(!shield.provider_resource_id.empty());
  CHECK(has_shield(t, t.safety_shield()));
}

LLAMA_STACK_TEST(test_register_and_unregister_shield, "safety-shield") {
  auto& client = t.client();
  const auto existing = client.shields.retrieve(t.safety_shield());
  const std::string id = "copy-of-" + t.safety_shield();
  const auto registered = client.shields.register_shield(id, existing.provider_id,
                                                         existing.provider_resource_id,
                                                         {{"note", "suite"}});
  CHECK(registered.identifier == id);
  CHECK(registered.provider_resource_id == existing.provider_resource_id);
  const auto retrieved = client.shields.retrieve(id);
  CHECK(retrieved.params.at("note") == "suite");
  client.shields.unregister(id);
  CHECK_FALSE(has_shield(t, id));
  const std::string quoted = "'" + id + "'";
  CHECK_THROWS_WITH_AS(client.shields.unregister(id), doctest::Contains(quoted.c_str()),
                       NotFoundError);
}

LLAMA_STACK_TEST(test_run_shield_with_unknown_shield) {
  auto& client = t.client();
  const json::array hello{user_message("hello")};
  CHECK_THROWS_WITH_AS(client.safety.run_shield("no-such-shield", hello),
                       doctest::Contains("shield 'no-such-shield' not found"), NotFoundError);
  CHECK_THROWS_WITH_AS(client.shields.retrieve("no-such-shield"),
                       doctest::Contains("'no-such-shield'"), NotFoundError);
  CHECK_THROWS_WITH_AS(
      client.moderations.create({{"input", "hello"}, {"model", "no-such-model"}}),
      doctest::Contains("'no-such-model'"), NotFoundError);
}
