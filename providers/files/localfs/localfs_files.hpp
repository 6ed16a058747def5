#pragma once
// inline::localfs: uploaded files as plain files under storage_dir (named by
// their id), their metadata in a SQLite table; both outlive the process.
#include <llama_stack/apis/files.hpp>
#include <llama_stack/id_minter.hpp>
#include <llama_stack/provider.hpp>

#include "stack/sqlite/sqlite_database.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <string>

namespace llama_stack::providers {

struct LocalfsOptions {
  std::string provider_id;
  std::filesystem::path storage_dir;
  std::filesystem::path db_path;
  std::int64_t max_file_size_bytes = 0;  // 0: no limit of the provider's own
};

class LocalfsFiles final : public FilesProvider {
 public:
  // `now` gives seconds since the epoch (tests pass a clock to see expiry).
  LocalfsFiles(LocalfsOptions options, IdMinter& ids, std::function<std::int64_t()> now = {});

  boost::json::object upload(const RequestContext& context, const FileUpload& file) override;
  boost::json::object list(const RequestContext& context, const FileListQuery& query) override;
  boost::json::object retrieve(const RequestContext& context, std::string_view file_id) override;
  Content content(const RequestContext& context, std::string_view file_id) override;
  boost::json::object remove(const RequestContext& context, std::string_view file_id) override;

 private:
  struct Row;
  Row find(std::string_view file_id);
  std::filesystem::path path_of(std::string_view file_id) const;

  LocalfsOptions options_;
  IdMinter& ids_;
  std::function<std::int64_t()> now_;
  std::mutex mutex_;  // one connection, serialised
  SqliteDatabase db_;
};

}  // namespace llama_stack::providers
