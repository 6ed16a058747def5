#include "stack/apis/inference/file_content_parts.hpp"

#include <llama_stack/base64.hpp>

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>
#include <doctest/doctest.h>

using namespace llama_stack;
namespace json = boost::json;

namespace {

// A TEST DOUBLE of the files API holding one file.
class OneFile final : public FilesApi {
 public:
  json::object upload(const RequestContext&, const FileUpload&) override { throw UnsupportedError("upload"); }
  json::object list(const RequestContext&, const FileListQuery&) override { throw UnsupportedError("list"); }
  json::object retrieve(const RequestContext&, std::string_view id) override {
    if (id != "file-1") throw NotFoundError("file '" + std::string(id) + "' not found");
    return {{"id", "file-1"}, {"filename", "hello.pdf"}};
  }
  Content content(const RequestContext& context, std::string_view id) override {
    retrieve(context, id);
    return {"application/pdf", "%PDF-1.4 Hi"};
  }
  json::object remove(const RequestContext&, std::string_view) override { throw UnsupportedError("remove"); }
};

json::object body_with(json::value part) {
  return {{"model", "m"},
          {"messages", json::array{json::object{{"role", "user"}, {"content", "describe"}},
                                   json::object{{"role", "user"}, {"content", json::array{part}}}}}};
}

}  // namespace

TEST_CASE("a file part naming an uploaded file is sent with the file's bytes inline") {
  OneFile files;
  auto body = body_with(json::object{{"type", "file"}, {"file", {{"file_id", "file-1"}}}});
  REQUIRE(has_file_id_parts(body));
  const auto resolved = resolve_file_parts(RequestContext{}, body, &files);
  const auto& file = resolved.at("messages").at(1).at("content").at(0).at("file").as_object();
  CHECK_FALSE(file.contains("file_id"));
  CHECK(file.at("file_data").as_string() == "data:application/pdf;base64," + base64::encode("%PDF-1.4 Hi"));
  CHECK(file.at("filename") == "hello.pdf");
  CHECK_FALSE(has_file_id_parts(resolved));
  CHECK(resolved.at("messages").at(0) == body.at("messages").at(0));
}

TEST_CASE("inline files and text-only requests are left alone; unknown ids and no files API are errors") {
  OneFile files;
  auto inline_file = body_with(json::object{
      {"type", "file"}, {"file", {{"filename", "x"}, {"file_data", "data:application/pdf;base64,AA=="}}}});
  CHECK_FALSE(has_file_id_parts(inline_file));
  CHECK(resolve_file_parts(RequestContext{}, inline_file, nullptr) == inline_file);
  auto unknown = body_with(json::object{{"type", "file"}, {"file", {{"file_id", "file-9"}}}});
  CHECK_THROWS_WITH_AS(resolve_file_parts(RequestContext{}, unknown, &files), doctest::Contains("file-9"),
                       NotFoundError);
  CHECK_THROWS_WITH_AS(resolve_file_parts(RequestContext{}, unknown, nullptr),
                       doctest::Contains("runs no files provider"), InvalidRequestError);
}
