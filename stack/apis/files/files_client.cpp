#include "stack/apis/files/files_client.hpp"

#include <llama_stack/errors.hpp>

#include <fstream>
#include <sstream>

namespace llama_stack {

namespace json = boost::json;

namespace {

std::string text(const json::object& o, std::string_view key) {
  return std::string(o.at(key).as_string());
}

}  // namespace

FileObject FileObject::from_json(const json::object& o) {
  FileObject f;
  f.id = text(o, "id");
  f.object = text(o, "object");
  f.bytes = o.at("bytes").to_number<std::int64_t>();
  f.created_at = o.at("created_at").to_number<std::int64_t>();
  if (const auto* e = o.if_contains("expires_at"); e && !e->is_null())
    f.expires_at = e->to_number<std::int64_t>();
  f.filename = text(o, "filename");
  f.purpose = text(o, "purpose");
  return f;
}

namespace {

RouteRequest for_file(std::string_view file_id) {
  return RouteRequest(ParamMap{{"file_id", std::string(file_id)}});
}

}  // namespace

FileObject FilesClient::upload(std::string filename, std::string data, std::string purpose,
                               std::optional<std::int64_t> expires_after_seconds,
                               std::string content_type) {
  RouteRequest request;
  request.form.push_back({"file", std::move(filename), std::move(content_type), std::move(data)});
  request.form.push_back({"purpose", {}, {}, std::move(purpose)});
  if (expires_after_seconds) {
    request.form.push_back({"expires_after[anchor]", {}, {}, "created_at"});
    request.form.push_back({"expires_after[seconds]", {}, {}, std::to_string(*expires_after_seconds)});
  }
  return FileObject::from_json(call_("POST", "/v1/files", std::move(request), {}).body.as_object());
}

FileObject FilesClient::upload(const std::filesystem::path& path, std::string purpose,
                               std::optional<std::int64_t> expires_after_seconds) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError("files.upload: cannot read " + path.string());
  std::ostringstream data;
  data << in.rdbuf();
  return upload(path.filename().string(), std::move(data).str(), std::move(purpose),
                expires_after_seconds);
}

FileList FilesClient::list(const FileListParams& params) {
  RouteRequest request;
  if (params.limit) request.query["limit"] = std::to_string(*params.limit);
  if (params.after) request.query["after"] = *params.after;
  if (params.order) request.query["order"] = *params.order;
  if (params.purpose) request.query["purpose"] = *params.purpose;
  const auto body = call_("GET", "/v1/files", std::move(request), {}).body.as_object();
  FileList out;
  for (const auto& f : body.at("data").as_array()) out.data.push_back(FileObject::from_json(f.as_object()));
  out.has_more = body.at("has_more").as_bool();
  if (const auto* v = body.if_contains("first_id"); v && v->is_string())
    out.first_id = std::string(v->as_string());
  if (const auto* v = body.if_contains("last_id"); v && v->is_string())
    out.last_id = std::string(v->as_string());
  return out;
}

FileObject FilesClient::retrieve(std::string_view file_id) {
  return FileObject::from_json(call_("GET", "/v1/files/{file_id}", for_file(file_id), {}).body.as_object());
}

std::string FilesClient::content(std::string_view file_id) {
  auto answer = call_("GET", "/v1/files/{file_id}/content", for_file(file_id), {});
  if (!answer.raw) throw StackError("files.content: the stack did not answer with the file's bytes");
  return std::move(answer.raw->data);
}

bool FilesClient::remove(std::string_view file_id) {
  const auto body = call_("DELETE", "/v1/files/{file_id}", for_file(file_id), {}).body.as_object();
  const auto* deleted = body.if_contains("deleted");
  return deleted != nullptr && deleted->is_bool() && deleted->as_bool();
}

}  // namespace llama_stack
