// The two page cutters behind every list route (files, stored chat
// completions, vector stores, vector store files).
#include <llama_stack/errors.hpp>
#include <llama_stack/openai_page.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace llama_stack;
namespace json = boost::json;

namespace {

// `n` rows "r0", "r1", ... as a store's cursor yields them.
json::object rows_page(std::int64_t limit, int n) {
  int next = -1, read = 0;
  auto page = openai_list_of_rows(limit, [&] { return ++next < n; }, [&] {
    ++read;
    return json::object{{"id", "r" + std::to_string(next)}};
  });
  // The extra row is only counted, never turned into JSON.
  CHECK(read == static_cast<int>(page.at("data").as_array().size()));
  return page;
}

struct Item {
  std::string id;
};
const std::vector<Item> kItems = {{"a"}, {"b"}, {"c"}, {"d"}, {"e"}};

json::object cursor_page(const std::vector<Item>& items, PageCursor cursor) {
  return openai_cursor_page(
      items, cursor, [](const Item& i) -> const std::string& { return i.id; },
      [](const Item& i) { return json::object{{"id", i.id}}; },
      [](const char* key, std::string_view id) {
        return "list things: parameter '" + std::string(key) + "': thing '" + std::string(id) + "' not found";
      });
}

std::vector<std::string> ids(const json::object& page) {
  std::vector<std::string> out;
  for (const auto& v : page.at("data").as_array()) out.emplace_back(v.at("id").as_string());
  return out;
}

}  // namespace

TEST_CASE("the limit+1 row says has_more and is left out") {
  CHECK(page_fetch_limit(20) == 21);
  SUBCASE("no rows") {
    const auto page = rows_page(2, 0);
    CHECK(page.at("data").as_array().empty());
    CHECK(page.at("has_more") == false);
    CHECK(page.at("first_id").is_null());
    CHECK(page.at("last_id").is_null());
    CHECK(page.at("object") == "list");
  }
  SUBCASE("fewer than the limit") {
    const auto page = rows_page(3, 2);
    CHECK(ids(page) == std::vector<std::string>{"r0", "r1"});
    CHECK(page.at("has_more") == false);
  }
  SUBCASE("exactly the limit") {
    const auto page = rows_page(2, 2);
    CHECK(ids(page) == std::vector<std::string>{"r0", "r1"});
    CHECK(page.at("has_more") == false);
    CHECK(page.at("first_id") == "r0");
    CHECK(page.at("last_id") == "r1");
  }
  SUBCASE("limit + 1 rows") {
    const auto page = rows_page(2, 3);
    CHECK(ids(page) == std::vector<std::string>{"r0", "r1"});
    CHECK(page.at("has_more") == true);
    CHECK(page.at("last_id") == "r1");
  }
}

TEST_CASE("a cursor page walks from after to before") {
  SUBCASE("empty sequence") {
    const auto page = cursor_page({}, {.limit = 3});
    CHECK(page.at("data").as_array().empty());
    CHECK(page.at("has_more") == false);
    CHECK(page.at("first_id").is_null());
  }
  SUBCASE("no cursor, exactly the limit") {
    const auto page = cursor_page(kItems, {.limit = 5});
    CHECK(ids(page) == std::vector<std::string>{"a", "b", "c", "d", "e"});
    CHECK(page.at("has_more") == false);
  }
  SUBCASE("no cursor, one more than the limit") {
    const auto page = cursor_page({kItems.begin(), kItems.begin() + 3}, {.limit = 2});
    CHECK(ids(page) == std::vector<std::string>{"a", "b"});
    CHECK(page.at("has_more") == true);
    CHECK(page.at("first_id") == "a");
    CHECK(page.at("last_id") == "b");
  }
  SUBCASE("after") {
    auto page = cursor_page(kItems, {.limit = 2, .after = "b"});
    CHECK(ids(page) == std::vector<std::string>{"c", "d"});
    CHECK(page.at("has_more") == true);
    page = cursor_page(kItems, {.limit = 2, .after = "c"});
    CHECK(ids(page) == std::vector<std::string>{"d", "e"});
    CHECK(page.at("has_more") == false);
    page = cursor_page(kItems, {.limit = 2, .after = "e"});
    CHECK(ids(page).empty());
    CHECK(page.at("has_more") == false);
  }
  SUBCASE("before: has_more counts only what lies before it") {
    auto page = cursor_page(kItems, {.limit = 2, .before = "d"});
    CHECK(ids(page) == std::vector<std::string>{"a", "b"});
    CHECK(page.at("has_more") == true);
    page = cursor_page(kItems, {.limit = 3, .before = "d"});
    CHECK(ids(page) == std::vector<std::string>{"a", "b", "c"});
    CHECK(page.at("has_more") == false);
  }
  SUBCASE("after and before") {
    auto page = cursor_page(kItems, {.limit = 10, .after = "a", .before = "d"});
    CHECK(ids(page) == std::vector<std::string>{"b", "c"});
    CHECK(page.at("has_more") == false);
    // `before` ahead of `after`: nothing between them.
    page = cursor_page(kItems, {.limit = 10, .after = "d", .before = "b"});
    CHECK(ids(page).empty());
    CHECK(page.at("has_more") == false);
  }
  SUBCASE("an unknown cursor is the caller's NotFoundError, `after` checked first") {
    CHECK_THROWS_WITH_AS(cursor_page(kItems, {.limit = 2, .after = "zz"}),
                         "list things: parameter 'after': thing 'zz' not found", NotFoundError);
    CHECK_THROWS_WITH_AS(cursor_page(kItems, {.limit = 2, .before = "zz"}),
                         "list things: parameter 'before': thing 'zz' not found", NotFoundError);
    CHECK_THROWS_WITH_AS(cursor_page(kItems, {.limit = 2, .after = "x", .before = "y"}),
                         "list things: parameter 'after': thing 'x' not found", NotFoundError);
    // An empty id is an id like any other (the caller decides whether it means "none").
    CHECK_THROWS_AS(cursor_page(kItems, {.limit = 2, .after = ""}), NotFoundError);
  }
}
