#include "stack/routing/resource_table.hpp"

#include <llama_stack/errors.hpp>

#include <doctest/doctest.h>

using namespace llama_stack;

TEST_CASE("resources are kept per kind; adding the same identifier replaces it") {
  ResourceTable table;
  table.add({"shield", "llama-guard", "llama-guard", "", {{"k", 1}}, true});
  table.add({"vector_store", "llama-guard", "faiss", "vs_1", {}, false});
  table.add({"shield", "code-scanner", "code-scanner", "CodeScanner", {}, true});
  CHECK(table.list("shield").size() == 2);
  CHECK(table.get("shield", "llama-guard").provider_resource_id == "llama-guard");
  CHECK(table.get("vector_store", "llama-guard").provider_id == "faiss");
  table.add({"shield", "llama-guard", "other", "x", {}, false});
  CHECK(table.list("shield").size() == 2);
  CHECK(table.get("shield", "llama-guard").provider_id == "other");
  CHECK(table.list("shield").front().identifier == "llama-guard");  // kept its place
}

TEST_CASE("an unknown resource is a NotFoundError naming it and the known ones") {
  ResourceTable table;
  CHECK_THROWS_WITH_AS(table.get("shield", "nope"), "shield 'nope' not found (known: none)",
                       NotFoundError);
  table.add({"shield", "a", "p", "", {}, false});
  CHECK_THROWS_WITH_AS(table.remove("shield", "b"), "shield 'b' not found (known: a)", NotFoundError);
  CHECK_FALSE(table.find("vector_store", "a"));
  table.remove("shield", "a");
  CHECK(table.list("shield").empty());
}
