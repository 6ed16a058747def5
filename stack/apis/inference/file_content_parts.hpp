#pragma once
// Chat messages may name an uploaded file instead of carrying it:
// {"type": "file", "file": {"file_id": "file-..."}}. The upstream knows
// nothing of this stack's files, so before a request leaves, each such part
// gets the file's bytes as OpenAI's inline form (`file_data`, a base64 data
// URI, and `filename`), read through the files API.
#include <llama_stack/apis/files.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace llama_stack {

// Whether `body`'s messages hold a file part naming a file_id.
bool has_file_id_parts(const boost::json::object& body);

// `body` with every file part naming a file_id resolved through `files`
// for the request of `context` (NotFoundError naming an unknown id); `files`
// may be null only when has_file_id_parts is false, else
// InvalidRequestError says the stack has no files provider.
boost::json::object resolve_file_parts(const RequestContext& context, boost::json::object body,
                                       FilesApi* files);

}  // namespace llama_stack
