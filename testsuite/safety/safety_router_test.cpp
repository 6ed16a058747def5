// The safety router: shields resolved through the ResourceTable (an unknown
// one is a NotFoundError naming it, which the server answers with 404),
// registration with and without provider_id, moderations by shield model.
#include "stack/apis/safety/safety_router.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

#include <boost/json.hpp>

using namespace llama_stack;
namespace json = boost::json;

namespace {

class RecordingShieldProvider final : public SafetyProvider {
 public:
  std::vector<std::string> registered, ran;
  std::string moderated_model;

  void register_shield(const Shield& s) override {
    if (s.provider_resource_id == "refused") throw InvalidRequestError("refused by the provider");
    registered.push_back(s.identifier);
  }
  RunShieldResponse run_shield(const RequestContext&, const Shield& s, const json::array&,
                               const json::object&) override {
    ran.push_back(s.identifier + "=" + s.provider_resource_id);
    return {};
  }
  json::object run_moderation(const RequestContext&, const json::value&,
                              std::string_view model) override {
    moderated_model = std::string(model);
    return {{"model", model}};
  }
};

const json::array kHello{json::object{{"role", "user"}, {"content", "hello"}}};

}  // namespace

TEST_CASE("run_shield goes to the shield's provider with its provider_resource_id") {
  ResourceTable table;
  RecordingShieldProvider a, b;
  SafetyRouter router(table, {{"a", "inline::x", &a}, {"b", "inline::x", &b}});
  table.add({"shield", "guard", "b", "ollama/llama-guard3:1b", {}, true});
  CHECK(router.register_config_shields().empty());
  CHECK(b.registered == std::vector<std::string>{"guard"});
  router.run_shield(RequestContext{}, "guard", kHello, {});
  CHECK(b.ran == std::vector<std::string>{"guard=ollama/llama-guard3:1b"});
  CHECK(a.ran.empty());
  CHECK_THROWS_WITH_AS(router.run_shield(RequestContext{}, "nope", kHello, {}),
                       doctest::Contains("shield 'nope' not found (known: guard)"), NotFoundError);
}

TEST_CASE("registering: the one provider by default, several need provider_id") {
  ResourceTable table;
  RecordingShieldProvider only;
  SafetyRouter one(table, {{"llama-guard", "inline::llama-guard", &only}});
  auto r = one.register_shield({"", "mine", "", "ollama/llama-guard3:1b", {}, false});
  CHECK(r.provider_id == "llama-guard");
  CHECK(table.get("shield", "mine").provider_resource_id == "ollama/llama-guard3:1b");
  CHECK(one.register_shield({"", "plain", "", "", {}, false}).provider_resource_id == "plain");
  CHECK_THROWS_WITH_AS(one.register_shield({"", "x", "other", "m", {}, false}),
                       doctest::Contains("'other'"), NotFoundError);
  CHECK_THROWS_WITH_AS(one.register_shield({"", "bad", "", "refused", {}, false}),
                       doctest::Contains("refused"), InvalidRequestError);
  CHECK_FALSE(table.find("shield", "bad").has_value());
  one.unregister_shield("mine");
  CHECK_FALSE(table.find("shield", "mine").has_value());
  CHECK_THROWS_WITH_AS(one.unregister_shield("mine"), doctest::Contains("shield 'mine' not found"),
                       NotFoundError);

  RecordingShieldProvider a, b;
  ResourceTable other;
  SafetyRouter two(other, {{"a", "inline::x", &a}, {"b", "inline::x", &b}});
  CHECK_THROWS_WITH_AS(two.register_shield({"", "s", "", "m", {}, false}),
                       doctest::Contains("'provider_id' is required"), InvalidRequestError);
}

TEST_CASE("moderations pick the shield whose model was asked for") {
  ResourceTable table;
  RecordingShieldProvider p;
  SafetyRouter router(table, {{"llama-guard", "inline::llama-guard", &p}});
  table.add({"shield", "guard", "llama-guard", "ollama/llama-guard3:1b", {}, true});
  router.run_moderation(RequestContext{}, {{"input", "hi"}, {"model", "ollama/llama-guard3:1b"}});
  CHECK(p.moderated_model == "ollama/llama-guard3:1b");
  // The one shield when no model is named.
  p.moderated_model.clear();
  router.run_moderation(RequestContext{}, {{"input", json::array{"hi"}}});
  CHECK(p.moderated_model == "ollama/llama-guard3:1b");
  CHECK_THROWS_WITH_AS(
      router.run_moderation(RequestContext{}, {{"input", "hi"}, {"model", "gpt-4o"}}),
      doctest::Contains("no shield has model 'gpt-4o'"), NotFoundError);
  CHECK_THROWS_WITH_AS(
      router.run_moderation(RequestContext{}, {{"model", "ollama/llama-guard3:1b"}}),
      doctest::Contains("'input' is required"), InvalidRequestError);
  CHECK_THROWS_WITH_AS(router.run_moderation(RequestContext{}, {{"input", json::array{1, 2}}}),
                       doctest::Contains("'input' must be"), InvalidRequestError);
}
