#include "stack/apis/inference/file_content_parts.hpp"

#include <llama_stack/base64.hpp>

#include <llama_stack/errors.hpp>

namespace llama_stack {

namespace json = boost::json;

namespace {

// The file object of a part that names a file by id, or null.
template <class Value>
auto* file_id_part(Value& part) {
  auto* o = part.if_object();
  using FileObject = decltype(&o->at("file").as_object());
  if (o == nullptr) return FileObject(nullptr);
  const auto* type = o->if_contains("type");
  if (type == nullptr || !type->is_string() || type->as_string() != "file") return FileObject(nullptr);
  auto* file = o->if_contains("file");
  if (file == nullptr || !file->is_object()) return decltype(&file->as_object())(nullptr);
  auto& f = file->as_object();
  const auto* id = f.if_contains("file_id");
  if (id == nullptr || !id->is_string() || f.contains("file_data")) return decltype(&f)(nullptr);
  return &f;
}

template <class Object, class F>
void for_each_part(Object& body, F&& f) {
  auto* messages = body.if_contains("messages");
  if (messages == nullptr || !messages->is_array()) return;
  for (auto& m : messages->as_array()) {
    auto* content = m.is_object() ? m.as_object().if_contains("content") : nullptr;
    if (content == nullptr || !content->is_array()) continue;
    for (auto& part : content->as_array())
      if (auto* file = file_id_part(part)) f(*file);
  }
}

}  // namespace

bool has_file_id_parts(const json::object& body) {
  bool found = false;
  for_each_part(body, [&](const json::object&) { found = true; });
  return found;
}

json::object resolve_file_parts(const RequestContext& context, json::object body, FilesApi* files) {
  for_each_part(body, [&](json::object& file) {
    const std::string id(file.at("file_id").as_string());
    if (files == nullptr)
      throw InvalidRequestError("chat completion: a message names file '" + id +
                                "' but this stack runs no files provider to read it from");
    const json::object meta = files->retrieve(context, id);
    const FilesApi::Content content = files->content(context, id);
    const std::string type =
        content.content_type.empty() ? "application/octet-stream" : content.content_type;
    file.erase("file_id");
    file["file_data"] = "data:" + type + ";base64," + base64::encode(content.data);
    if (!file.contains("filename"))
      if (const auto* name = meta.if_contains("filename"); name != nullptr && name->is_string())
        file["filename"] = *name;
  });
  return body;
}

}  // namespace llama_stack
