#pragma once
// The client's files calls (client.files.upload(...), list, retrieve,
// content, remove), read like the OpenAI client's; the same in process and
// remote (an upload is a multipart/form-data body to a server).
#include "stack/routing/route_caller.hpp"

#include <boost/json/object.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

struct FileObject {
  std::string id;
  std::string object;  // "file"
  std::int64_t bytes = 0;
  std::int64_t created_at = 0;
  std::optional<std::int64_t> expires_at;
  std::string filename;
  std::string purpose;
  static FileObject from_json(const boost::json::object& o);
};

struct FileList {
  std::vector<FileObject> data;
  bool has_more = false;
  std::optional<std::string> first_id;
  std::optional<std::string> last_id;
};

struct FileListParams {
  std::optional<long long> limit;
  std::optional<std::string> after;
  std::optional<std::string> order;  // "asc" or "desc"
  std::optional<std::string> purpose;
};

class FilesClient {
 public:
  // How the calls reach the stack: LlamaStackClient::call's shape.
  explicit FilesClient(RouteCaller call) : call_(std::move(call)) {}

  // `expires_after_seconds`: OpenAI's expires_after {anchor: created_at, seconds}.
  FileObject upload(std::string filename, std::string data, std::string purpose,
                    std::optional<std::int64_t> expires_after_seconds = std::nullopt,
                    std::string content_type = "application/octet-stream");
  // The file at `path`, uploaded under its file name; ConfigError naming the
  // path when it cannot be read.
  FileObject upload(const std::filesystem::path& path, std::string purpose,
                    std::optional<std::int64_t> expires_after_seconds = std::nullopt);
  FileList list(const FileListParams& params = {});
  FileObject retrieve(std::string_view file_id);
  std::string content(std::string_view file_id);
  // True when the stack answered deleted: true.
  bool remove(std::string_view file_id);

 private:
  RouteCaller call_;
};

}  // namespace llama_stack
