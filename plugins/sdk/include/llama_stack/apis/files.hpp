#pragma once
// The OpenAI-style files API: upload, list, retrieve, read and delete files.
// Results are OpenAI's JSON shapes (an object "file": id, bytes, created_at,
// expires_at, filename, purpose; a list with has_more, first_id, last_id).
#include <llama_stack/api.hpp>
#include <llama_stack/errors.hpp>
#include <llama_stack/provider.hpp>
#include <llama_stack/request_context.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

inline constexpr std::string_view kFilesApiName = "files";

struct FileUpload {
  std::string filename;
  std::string content_type;  // of the uploaded part; may be empty
  std::string data;
  std::string purpose;  // "assistants", "batch", "fine-tune", "vision", "user_data", "evals"
  // expires_after[seconds], anchored at created_at (OpenAI's only anchor).
  std::optional<std::int64_t> expires_after_seconds;
};

struct FileListQuery {
  std::int64_t limit = 10000;  // OpenAI's default
  std::string after;           // a file id: the page starts after it
  bool ascending = false;      // order by created_at; OpenAI's default is desc
  std::string purpose;         // empty: every purpose
};

class FilesApi : public Api {
 public:
  // PayloadTooLargeError when `file.data` exceeds the provider's limit,
  // InvalidRequestError naming the parameter for bad fields.
  virtual boost::json::object upload(const RequestContext& context, const FileUpload& file) = 0;
  virtual boost::json::object list(const RequestContext& context, const FileListQuery& query) = 0;
  // NotFoundError naming the id when no such file is stored (or it expired).
  virtual boost::json::object retrieve(const RequestContext& context, std::string_view file_id) = 0;
  // The file's bytes and the content type it was uploaded with.
  struct Content {
    std::string content_type;
    std::string data;
  };
  virtual Content content(const RequestContext& context, std::string_view file_id) = 0;
  // {id, object: "file", deleted: true}; NotFoundError when there is none.
  virtual boost::json::object remove(const RequestContext& context, std::string_view file_id) = 0;
};

class FilesProvider : public Provider, public FilesApi {};

}  // namespace llama_stack
