#include "stack/apis/files/files_api.hpp"

#include <llama_stack/errors.hpp>

#include <charconv>

namespace llama_stack {

namespace {

// The stack's files API is its one files provider (the Python stack routes
// files the same way: there is nothing to choose a provider by).
class FilesRouter final : public FilesApi {
 public:
  explicit FilesRouter(FilesApi& provider) : provider_(provider) {}
  boost::json::object upload(const RequestContext& context, const FileUpload& file) override {
    return provider_.upload(context, file);
  }
  boost::json::object list(const RequestContext& context, const FileListQuery& query) override {
    return provider_.list(context, query);
  }
  boost::json::object retrieve(const RequestContext& context, std::string_view id) override {
    return provider_.retrieve(context, id);
  }
  Content content(const RequestContext& context, std::string_view id) override {
    return provider_.content(context, id);
  }
  boost::json::object remove(const RequestContext& context, std::string_view id) override {
    return provider_.remove(context, id);
  }

 private:
  FilesApi& provider_;
};

FilesApi& files_of(RouteServices& services) {
  return dynamic_cast<FilesApi&>(services.api(kFilesApiName));
}

const std::string& file_id_of(const RouteRequest& request) {
  return request.path_params.at("file_id");
}

constexpr std::string_view kUpload = "upload file";

// A plain form field (not a file part); empty when absent.
std::string form_field(const RouteRequest& request, std::string_view name) {
  const FormPart* part = form_part(request, name);
  return part == nullptr ? std::string() : part->data;
}

// OpenAI's expires_after[anchor] / expires_after[seconds] form fields.
std::optional<std::int64_t> expires_after(const RouteRequest& request) {
  const std::string anchor = form_field(request, "expires_after[anchor]");
  const std::string seconds = form_field(request, "expires_after[seconds]");
  if (anchor.empty() && seconds.empty()) return std::nullopt;
  if (anchor != "created_at")
    throw InvalidRequestError(std::string(kUpload) +
                              ": parameter 'expires_after[anchor]' must be \"created_at\", got \"" +
                              anchor + "\"");
  std::int64_t value = 0;
  const char* end = seconds.data() + seconds.size();
  auto [ptr, ec] = std::from_chars(seconds.data(), end, value);
  // OpenAI's bounds: one hour to 30 days.
  if (seconds.empty() || ec != std::errc{} || ptr != end || value < 3600 || value > 2592000)
    throw InvalidRequestError(std::string(kUpload) +
                              ": parameter 'expires_after[seconds]' must be an integer from 3600 "
                              "to 2592000, got \"" + seconds + "\"");
  return value;
}

RouteResponse upload(RouteServices& services, const RouteRequest& request) {
  const FormPart* file = form_part(request, "file");
  if (file == nullptr || file->filename.empty())
    throw InvalidRequestError(std::string(kUpload) +
                              ": a multipart/form-data part 'file' with a filename is required");
  FileUpload upload{file->filename, file->content_type, file->data, form_field(request, "purpose"),
                    expires_after(request)};
  if (upload.purpose.empty())
    throw InvalidRequestError(std::string(kUpload) + ": parameter 'purpose' is required");
  return {files_of(services).upload(request.context, upload), nullptr};
}

RouteResponse list(RouteServices& services, const RouteRequest& request) {
  FileListQuery query;
  query.limit = integer_query_param(request, "list files", "limit", 10000, 1, 10000);
  query.after = query_param(request, "after").value_or("");
  query.purpose = query_param(request, "purpose").value_or("");
  query.ascending = ascending_order_param(request, "list files");
  return {files_of(services).list(request.context, query), nullptr};
}

RouteResponse retrieve(RouteServices& services, const RouteRequest& request) {
  return {files_of(services).retrieve(request.context, file_id_of(request)), nullptr};
}

RouteResponse content(RouteServices& services, const RouteRequest& request) {
  auto c = files_of(services).content(request.context, file_id_of(request));
  return RouteResponse::bytes(std::move(c.content_type), std::move(c.data));
}

RouteResponse remove(RouteServices& services, const RouteRequest& request) {
  return {files_of(services).remove(request.context, file_id_of(request)), nullptr};
}

}  // namespace

void register_files_api(ApiTable& table) {
  ApiDefinition api;
  api.name = std::string(kFilesApiName);
  api.provider_interface = "FilesProvider";
  api.implements = [](const Provider& p) {
    return dynamic_cast<const FilesProvider*>(&p) != nullptr;
  };
  api.make_router = [](RouterServices&, const std::vector<RoutedProvider>& providers) {
    if (providers.size() != 1)
      throw ConfigError("API 'files' takes exactly one provider, " +
                        std::to_string(providers.size()) + " are configured");
    return std::unique_ptr<Api>(
        std::make_unique<FilesRouter>(dynamic_cast<FilesProvider&>(*providers[0].provider)));
  };
  // The content route first: a path's last {name} would take "id/content".
  api.routes = {{"POST", "/v1/files", &upload},
                {"GET", "/v1/files", &list},
                {"GET", "/v1/files/{file_id}/content", &content},
                {"GET", "/v1/files/{file_id}", &retrieve},
                {"DELETE", "/v1/files/{file_id}", &remove}};
  table.add(std::move(api));
}

}  // namespace llama_stack
