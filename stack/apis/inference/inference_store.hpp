#pragma once
// The stack's store of chat completions (run.yaml `inference_store`, or the
// newer `storage.stores.inference`): every chat completion the inference
// router answers, whole or streamed, kept in SQLite with the messages it
// answered, and served as OpenAI's stored completions
// (GET /v1/chat/completions, GET /v1/chat/completions/{completion_id}).
// Ids are the provider's, so a replayed completion is stored under the id it
// was recorded with.
#include "stack/sqlite/sqlite_database.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace llama_stack {

struct StoredCompletionQuery {
  std::int64_t limit = 20;  // the Python stack's default
  std::string after;        // a completion id: the page starts after it
  bool ascending = false;   // by created; newest first by default
  std::string model;        // empty: every model
};

class InferenceStore {
 public:
  // `table` names the table (the newer format's table_name).
  InferenceStore(const std::filesystem::path& db_path, std::string table);

  // `model` is the stack's identifier the caller asked for (what the list's
  // model filter matches). A completion stored again (a test replayed on a
  // store it filled before) replaces the first.
  void store(const boost::json::object& completion, const boost::json::value& input_messages,
             std::string_view model);
  // OpenAI's list: {object: list, data, has_more, first_id, last_id}; each
  // entry the completion plus its input_messages.
  boost::json::object list(const StoredCompletionQuery& query);
  // NotFoundError naming the id when none is stored.
  boost::json::object retrieve(std::string_view completion_id);

 private:
  std::mutex mutex_;
  SqliteDatabase db_;
  std::string table_;
};

// The store the settings describe (stack_store_config's answer: {type:
// sqlite, db_path, table_name?}); null for empty settings (the config has
// no inference store). ConfigError naming `inference_store` for settings
// it cannot use.
std::unique_ptr<InferenceStore> open_inference_store(const boost::json::object& settings);

}  // namespace llama_stack
