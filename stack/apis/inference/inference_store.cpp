#include "stack/apis/inference/inference_store.hpp"

#include <llama_stack/openai_page.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/store_settings.hpp>

#include <boost/json.hpp>

#include <cctype>

namespace llama_stack {

namespace json = boost::json;

namespace {

// Table names come from the config: letters, digits and _ only.
std::string checked_table(std::string name) {
  if (name.empty()) return "chat_completions";
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_')
      throw ConfigError("inference_store: table_name '" + name +
                        "' may hold only letters, digits and _");
  return name;
}

json::object with_input(std::string_view text) {
  json::value v = json::parse(text);
  return std::move(v.as_object());
}

}  // namespace

InferenceStore::InferenceStore(const std::filesystem::path& db_path, std::string table)
    : db_(db_path), table_(checked_table(std::move(table))) {
  db_.execute("CREATE TABLE IF NOT EXISTS " + table_ +
              " (id TEXT PRIMARY KEY, created INTEGER NOT NULL, model TEXT NOT NULL, "
              "completion TEXT NOT NULL)");
}

void InferenceStore::store(const json::object& completion, const json::value& input_messages,
                           std::string_view model) {
  const json::value* id = completion.if_contains("id");
  if (id == nullptr || !id->is_string() || id->as_string().empty())
    throw StackError("inference store: the provider's chat completion has no id to store it by");
  json::object stored = completion;
  stored["input_messages"] = input_messages;
  std::int64_t created = 0;
  if (const json::value* c = completion.if_contains("created"); c && c->is_number())
    created = c->to_number<std::int64_t>();
  std::lock_guard lock(mutex_);
  auto insert = db_.prepare("INSERT OR REPLACE INTO " + table_ +
                            " (id, created, model, completion) VALUES (?, ?, ?, ?)");
  insert.bind(1, std::string_view(id->as_string())).bind(2, created).bind(3, model);
  insert.bind(4, json::serialize(stored)).run();
}

json::object InferenceStore::list(const StoredCompletionQuery& query) {
  std::lock_guard lock(mutex_);
  const char* cmp = query.ascending ? ">" : "<";
  const char* dir = query.ascending ? "ASC" : "DESC";
  // (created, rowid): completions of the same second (replayed ones all
  // have the recorded `created`) in the order they were stored.
  std::string sql = "SELECT completion FROM " + table_ + " WHERE (?1 = '' OR model = ?1)";
  if (!query.after.empty()) {
    auto find = db_.prepare("SELECT 1 FROM " + table_ + " WHERE id = ?");
    find.bind(1, query.after);
    if (!find.step())
      throw NotFoundError("list chat completions: 'after' names chat completion '" + query.after +
                          "', which is not stored");
    const std::string after = "(SELECT created FROM " + table_ + " WHERE id = ?2)";
    sql += std::string(" AND (created ") + cmp + " " + after + " OR (created = " + after +
           " AND rowid " + cmp + " (SELECT rowid FROM " + table_ + " WHERE id = ?2)))";
  }
  sql += std::string(" ORDER BY created ") + dir + ", rowid " + dir + " LIMIT ?4";
  auto select = db_.prepare(sql);
  select.bind(1, query.model);
  if (!query.after.empty()) select.bind(2, query.after);
  select.bind(4, page_fetch_limit(query.limit));
  return openai_list_of_rows(query.limit, [&] { return select.step(); },
                             [&] { return with_input(select.text(0)); });
}

json::object InferenceStore::retrieve(std::string_view completion_id) {
  std::lock_guard lock(mutex_);
  auto select = db_.prepare("SELECT completion FROM " + table_ + " WHERE id = ?");
  select.bind(1, completion_id);
  if (!select.step())
    throw NotFoundError("chat completion '" + std::string(completion_id) + "' not found");
  return with_input(select.text(0));
}

std::unique_ptr<InferenceStore> open_inference_store(const json::object& settings) {
  if (settings.empty()) return nullptr;
  StoreSettings store = read_store_settings(settings, "inference_store");
  return std::make_unique<InferenceStore>(store.db_path, std::move(store.name));
}

}  // namespace llama_stack
