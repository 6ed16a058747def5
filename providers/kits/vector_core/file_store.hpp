#pragma once
// The core's SQLite tables of files attached to stores and of file
// batches, beside the chunks (chunk_store.hpp) in the provider's store, so
// that attachments survive a restart. A file's record keeps the ids of the
// chunks made from it, which is how detaching it removes them. One
// connection; the caller serialises.
#include "stack/sqlite/sqlite_database.hpp"

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <vector>

namespace llama_stack::vector {

struct FileRow {
  std::string store_id;
  std::string file_id;
  std::string filename;         // the files API's, for its contents
  boost::json::object object;  // the OpenAI "vector_store.file" object
  std::vector<std::string> chunk_ids;
};

struct BatchRow {
  std::string store_id;
  std::string batch_id;
  boost::json::object object;  // the OpenAI "vector_store.file_batch" object
  std::vector<std::string> file_ids;
};

class FileStore {
 public:
  explicit FileStore(SqliteDatabase& db);

  std::optional<FileRow> file(const std::string& store_id, const std::string& file_id) const;
  // Oldest attachment first.
  std::vector<FileRow> files(const std::string& store_id) const;
  // Inserts or replaces; a re-attached file keeps its place.
  void put_file(const FileRow& file);
  void remove_file(const std::string& store_id, const std::string& file_id);

  std::optional<BatchRow> batch(const std::string& store_id, const std::string& batch_id) const;
  void put_batch(const BatchRow& batch);

  // The files and batches of a deleted store.
  void delete_store(const std::string& store_id);

 private:
  SqliteDatabase& db_;
};

// OpenAI's file_counts {cancelled, completed, failed, in_progress, total}
// of `files` by their status.
boost::json::object file_counts(const std::vector<boost::json::object>& files);

}  // namespace llama_stack::vector
