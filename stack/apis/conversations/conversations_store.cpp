#include "stack/apis/conversations/conversations_store.hpp"

#include <llama_stack/errors.hpp>
#include <llama_stack/openai_page.hpp>

#include <boost/json.hpp>

#include <algorithm>

namespace llama_stack {

namespace json = boost::json;

namespace {

json::value parsed(const std::optional<std::string>& text) {
  return text ? json::parse(*text) : json::value(nullptr);
}

std::string id_of(const json::object& item) { return std::string(item.at("id").as_string()); }

json::object object_of(std::string_view text) {
  json::value v = json::parse(text);
  return std::move(v.as_object());
}

// A UNIQUE failure is an id the store holds; anything else is passed on.
template <class Insert>
void insert_new(std::string_view what, std::string_view id, Insert&& insert) {
  try {
    insert();
  } catch (const SqliteError& e) {
    if (e.failure() != SqliteFailure::constraint) throw;
    throw StackError("conversations store: " + std::string(what) + " '" + std::string(id) +
                     "' is stored already");
  }
}

}  // namespace

json::object StoredConversation::to_json() const {
  return {{"id", id}, {"object", "conversation"}, {"created_at", created_at}, {"metadata", metadata}};
}

ConversationsStore::ConversationsStore(const std::filesystem::path& db_path) : db_(db_path) {
  // `items` is Python's column, written as it writes it and never read.
  db_.execute(
      "CREATE TABLE IF NOT EXISTS openai_conversations (id TEXT PRIMARY KEY, created_at INTEGER, "
      "items TEXT, metadata TEXT);"
      "CREATE TABLE IF NOT EXISTS conversation_items (id TEXT PRIMARY KEY, conversation_id TEXT, "
      "created_at INTEGER, item_data TEXT);"
      "CREATE INDEX IF NOT EXISTS conversation_items_by_conversation ON conversation_items "
      "(conversation_id, created_at)");
}

void ConversationsStore::create(const StoredConversation& conversation,
                                const std::vector<json::object>& items, std::int64_t now) {
  std::lock_guard lock(mutex_);
  SqliteDatabase::Transaction transaction(db_);
  insert_new("conversation", conversation.id, [&] {
    db_.prepare("INSERT INTO openai_conversations (id, created_at, items, metadata) VALUES (?, ?, '[]', ?)")
        .bind(1, conversation.id)
        .bind(2, conversation.created_at)
        .bind(3, json::serialize(conversation.metadata))
        .run();
  });
  for (const auto& item : items) insert_item(conversation.id, item, now++);
  transaction.commit();
}

void ConversationsStore::insert_item(std::string_view conversation_id, const json::object& item,
                                     std::int64_t created_at) {
  const std::string id = id_of(item);
  insert_new("conversation item", id, [&] {
    db_.prepare("INSERT INTO conversation_items (id, conversation_id, created_at, item_data) VALUES (?, ?, ?, ?)")
        .bind(1, id)
        .bind(2, conversation_id)
        .bind(3, created_at)
        .bind(4, json::serialize(item))
        .run();
  });
}

std::optional<StoredConversation> ConversationsStore::find(std::string_view conversation_id) {
  std::lock_guard lock(mutex_);
  auto select = db_.prepare("SELECT created_at, metadata FROM openai_conversations WHERE id = ?");
  select.bind(1, conversation_id);
  if (!select.step()) return std::nullopt;
  return StoredConversation{std::string(conversation_id), select.integer(0), parsed(select.optional_text(1))};
}

bool ConversationsStore::set_metadata(std::string_view conversation_id, const json::value& metadata) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE openai_conversations SET metadata = ? WHERE id = ?")
      .bind(1, json::serialize(metadata))
      .bind(2, conversation_id)
      .run();
  return db_.changes() > 0;
}

bool ConversationsStore::remove(std::string_view conversation_id) {
  std::lock_guard lock(mutex_);
  SqliteDatabase::Transaction transaction(db_);
  db_.prepare("DELETE FROM openai_conversations WHERE id = ?").bind(1, conversation_id).run();
  if (db_.changes() == 0) return false;
  // Python leaves them behind, where no route can list them any more.
  db_.prepare("DELETE FROM conversation_items WHERE conversation_id = ?").bind(1, conversation_id).run();
  transaction.commit();
  return true;
}

std::int64_t ConversationsStore::last_item_time(std::string_view conversation_id) {
  auto select = db_.prepare("SELECT MAX(created_at) FROM conversation_items WHERE conversation_id = ?");
  select.bind(1, conversation_id);
  return select.step() && !select.is_null(0) ? select.integer(0) : 0;
}

void ConversationsStore::add_items(std::string_view conversation_id, const std::vector<json::object>& items,
                                   std::int64_t now) {
  std::lock_guard lock(mutex_);
  SqliteDatabase::Transaction transaction(db_);
  // Items added in the same second as the last ones still come after them.
  std::int64_t created_at = std::max(now, last_item_time(conversation_id) + 1);
  for (const auto& item : items) {
    const std::string id = id_of(item);
    const auto owner = owner_of(id);
    if (!owner) {
      insert_item(conversation_id, item, created_at++);
      continue;
    }
    if (*owner != conversation_id)
      throw StackError("conversations store: conversation item '" + id +
                       "' belongs to another conversation");
    db_.prepare("UPDATE conversation_items SET created_at = ?, item_data = ? WHERE id = ?")
        .bind(1, created_at++)
        .bind(2, json::serialize(item))
        .bind(3, id)
        .run();
  }
  transaction.commit();
}

std::optional<std::string> ConversationsStore::conversation_of_item(std::string_view item_id) {
  std::lock_guard lock(mutex_);
  return owner_of(item_id);
}

std::optional<std::string> ConversationsStore::owner_of(std::string_view item_id) {
  auto select = db_.prepare("SELECT conversation_id FROM conversation_items WHERE id = ?");
  select.bind(1, item_id);
  if (!select.step()) return std::nullopt;
  return select.text(0);
}

json::object ConversationsStore::list_items(std::string_view conversation_id,
                                            const ConversationItemQuery& query) {
  std::lock_guard lock(mutex_);
  const char* cmp = query.ascending ? ">" : "<";
  const char* dir = query.ascending ? "ASC" : "DESC";
  // (created_at, rowid): rows of one second, which a Python-written store
  // holds, in the order they were written.
  std::string sql = "SELECT item_data FROM conversation_items WHERE conversation_id = ?1";
  std::int64_t after_time = 0;
  std::int64_t after_row = 0;
  if (!query.after.empty()) {
    auto find = db_.prepare("SELECT created_at, rowid FROM conversation_items WHERE conversation_id = ? AND id = ?");
    find.bind(1, conversation_id).bind(2, query.after);
    if (!find.step())
      throw NotFoundError("list conversation items: 'after' names item '" + query.after +
                          "', which conversation '" + std::string(conversation_id) + "' does not hold");
    after_time = find.integer(0);
    after_row = find.integer(1);
    sql += std::string(" AND (created_at ") + cmp + " ?2 OR (created_at = ?2 AND rowid " + cmp + " ?3))";
  }
  sql += std::string(" ORDER BY created_at ") + dir + ", rowid " + dir + " LIMIT ?4";
  auto select = db_.prepare(sql);
  select.bind(1, conversation_id);
  if (!query.after.empty()) select.bind(2, after_time).bind(3, after_row);
  select.bind(4, page_fetch_limit(query.limit));
  return openai_list_of_rows(query.limit, [&] { return select.step(); },
                             [&] { return object_of(select.text(0)); });
}

std::optional<json::object> ConversationsStore::item(std::string_view conversation_id, std::string_view item_id) {
  std::lock_guard lock(mutex_);
  auto select = db_.prepare("SELECT item_data FROM conversation_items WHERE conversation_id = ? AND id = ?");
  select.bind(1, conversation_id).bind(2, item_id);
  if (!select.step()) return std::nullopt;
  return object_of(select.text(0));
}

bool ConversationsStore::remove_item(std::string_view conversation_id, std::string_view item_id) {
  std::lock_guard lock(mutex_);
  db_.prepare("DELETE FROM conversation_items WHERE conversation_id = ? AND id = ?")
      .bind(1, conversation_id)
      .bind(2, item_id)
      .run();
  return db_.changes() > 0;
}

}  // namespace llama_stack
