#pragma once
// The two ways a list route cuts its openai_list page: from a store asked for
// one row more than the limit (the extra row only says has_more), or from an
// ordered sequence held in memory, walked from an `after` id up to a `before`
// id.
#include <llama_stack/errors.hpp>
#include <llama_stack/openai_list.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

// The LIMIT to ask the store for: one row beyond the page.
inline std::int64_t page_fetch_limit(std::int64_t limit) { return limit + 1; }

// The page of rows a store returned for page_fetch_limit(limit): `step()`
// moves to the next row (false after the last), `row()` is the current one
// as JSON. A row beyond `limit` is not read, only counted as has_more.
template <class Step, class Row>
boost::json::object openai_list_of_rows(std::int64_t limit, Step&& step, Row&& row) {
  boost::json::array data;
  while (step()) {
    if (static_cast<std::int64_t>(data.size()) == limit) return openai_list(std::move(data), true);
    data.push_back(row());
  }
  return openai_list(std::move(data), false);
}

// OpenAI's cursor parameters over a sequence: at most `limit` items after
// the item `after` (from the start if none) and before `before` (to the end
// if none).
struct PageCursor {
  std::size_t limit = 20;
  std::optional<std::string> after = std::nullopt;
  std::optional<std::string> before = std::nullopt;
};

// The page `cursor` selects from `items` (indexable, already in list
// order): `id_of(item)` is an item's id, `to_json(item)` its entry. A cursor
// naming no item is a NotFoundError with the caller's message
// `unknown(key, id)` (key "after" or "before"), `after` looked up first.
template <class Items, class IdOf, class ToJson, class Unknown>
boost::json::object openai_cursor_page(const Items& items, const PageCursor& cursor, IdOf&& id_of,
                                       ToJson&& to_json, Unknown&& unknown) {
  auto position = [&](const std::optional<std::string>& id, const char* key) -> std::optional<std::size_t> {
    if (!id) return std::nullopt;
    for (std::size_t i = 0; i < items.size(); ++i)
      if (std::string_view(id_of(items[i])) == *id) return i;
    throw NotFoundError(unknown(key, std::string_view(*id)));
  };
  const auto after = position(cursor.after, "after");
  const auto before = position(cursor.before, "before");
  const std::size_t begin = after ? *after + 1 : 0;
  const std::size_t end = before ? *before : items.size();
  boost::json::array data;
  for (std::size_t i = begin; i < end && data.size() < cursor.limit; ++i) data.push_back(to_json(items[i]));
  // More items lie between the page and `before` (or the end).
  const bool has_more = begin + data.size() < end;
  return openai_list(std::move(data), has_more);
}

}  // namespace llama_stack
