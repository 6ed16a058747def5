#include "stack/server/stack_handler.hpp"

#include "stack/replay/test_id_mapping.hpp"
#include "stack/routing/request_encoding.hpp"
#include "stack/server/error_response.hpp"
#include "stack/server/route_match.hpp"

#include <llama_stack/errors.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <optional>
#include <string_view>

namespace llama_stack::server {

namespace json = boost::json;

namespace {

constexpr const char* kProviderDataHeader = "X-LlamaStack-Provider-Data";

// What X-LlamaStack-Provider-Data gives one request.
struct RequestData {
  json::object provider_data;
  std::optional<std::string> test_id;
  std::string test_start;  // "__test_start": which start of the test
};

RequestData request_data(const ServerRequest& request) {
  RequestData out;
  const auto header = request.header(kProviderDataHeader);
  if (!header) return out;
  boost::system::error_code ec;
  json::value v = json::parse(*header, ec);
  if (ec)
    throw InvalidRequestError(std::string(kProviderDataHeader) + ": not valid JSON: " +
                              ec.message());
  if (!v.is_object())
    throw InvalidRequestError(std::string(kProviderDataHeader) + ": must be a JSON object");
  out.provider_data = std::move(v.as_object());
  if (const json::value* id = out.provider_data.if_contains("__test_id")) {
    if (!id->is_string())
      throw InvalidRequestError(std::string(kProviderDataHeader) + ": '__test_id' must be a string");
    out.test_id = replay::suite_test_id(id->as_string());
    // The store's, not a provider's.
    out.provider_data.erase("__test_id");
  }
  if (const json::value* start = out.provider_data.if_contains("__test_start")) {
    if (!start->is_string())
      throw InvalidRequestError(std::string(kProviderDataHeader) + ": '__test_start' must be a string");
    out.test_start = std::string(start->as_string());
    out.provider_data.erase("__test_start");
  }
  return out;
}

bool is_multipart(const ServerRequest& request) {
  const auto type = request.header("Content-Type");
  constexpr std::string_view kMultipart = "multipart/form-data";
  return type && iequals_ascii(std::string_view(*type).substr(0, kMultipart.size()), kMultipart);
}

json::object request_body(const ServerRequest& request) {
  if (request.method == "GET" || request.method == "DELETE" || request.body.empty() ||
      is_multipart(request))
    return {};
  boost::system::error_code ec;
  json::value v = json::parse(request.body, ec);
  if (ec) throw InvalidRequestError("malformed JSON in the request body: " + ec.message());
  if (!v.is_object()) throw InvalidRequestError("the request body must be a JSON object");
  return std::move(v.as_object());
}

// The test the request belongs to, for the replay store, on the thread
// that serves it.
class OpenScope {
 public:
  OpenScope(const RequestData& data, replay::RecordingSession* session) {
    if (session != nullptr && data.test_id) test_id_.emplace(*session, *data.test_id, data.test_start);
  }

 private:
  std::optional<replay::RecordingSession::ThreadTestId> test_id_;
};

// Serialised straight into the event's buffer: a chunk is an object, and
// handing it over as a json::value would deep-copy it first.
template <class Json>
std::string sse_event(const Json& payload) {
  constexpr std::string_view prefix = "data: ", suffix = "\n\n";
  json::serializer writer;
  writer.reset(&payload);
  std::string out(prefix);
  // Chunks of a chat stream are a few hundred bytes: one growth at most.
  out.resize(prefix.size() + 512);
  std::size_t used = prefix.size();
  while (!writer.done()) {
    if (out.size() - used < 256) out.resize(out.size() * 2);
    used += writer.read(out.data() + used, out.size() - used).size();
  }
  out.resize(used);
  out.append(suffix);
  return out;
}

// A stream's chunks as server-sent events. Each chunk is pulled inside the
// request's test scope (the provider data went to the stream when it was
// created); an error midway becomes an error event and ends it.
class EventBody final : public BodyStream {
 public:
  EventBody(std::unique_ptr<JsonStream> source, RequestData data,
            std::shared_ptr<replay::RecordingSession> session)
      : source_(std::move(source)), data_(std::move(data)), session_(std::move(session)) {}

  std::optional<std::string> next() override {
    if (!source_) return std::nullopt;
    OpenScope scope(data_, session_.get());
    try {
      if (auto chunk = source_->next()) return sse_event(*chunk);
      source_.reset();
      return "data: [DONE]\n\n";
    } catch (...) {
      source_.reset();
      return sse_event(error_json(http_error_of(std::current_exception())));
    }
  }

 private:
  std::unique_ptr<JsonStream> source_;
  RequestData data_;
  std::shared_ptr<replay::RecordingSession> session_;
};

ServerResponse error_of(const HttpError& error) {
  return json_response(error.status, error_json(error));
}

}  // namespace

ServerResponse json_response(int status, const json::value& body) {
  return {status, {{"Content-Type", "application/json"}}, json::serialize(body), nullptr};
}

ServerResponse error_response(int status, const std::string& message) {
  return error_of(http_error(status, message));
}

StackHandler::StackHandler(RouteServices& services,
                           std::shared_ptr<replay::RecordingSession> session)
    : services_(services), session_(std::move(session)) {}

ServerResponse StackHandler::operator()(const ServerRequest& request) const {
  try {
    const RouteMatch match = match_route(services_.apis(), request.method, request.target);
    const std::string path = request.target.substr(0, request.target.find('?'));
    if (match.route == nullptr && !match.allowed_methods.empty()) {
      std::string allow;
      for (const auto& m : match.allowed_methods) allow += (allow.empty() ? "" : ", ") + m;
      ServerResponse r = error_response(
          405, "method " + request.method + " is not allowed on " + path + " (allowed: " + allow + ")");
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    if (match.route == nullptr || !match.route->handler)
      return error_response(404, "no route " + request.method + " " + path);
    RequestData data = request_data(request);
    RouteRequest route_request{match.path_params, request_body(request)};
    route_request.query = parse_query(request.target);
    route_request.context = RequestContext(std::move(data.provider_data));
    if (is_multipart(request))
      route_request.form =
          parse_multipart(request.body, multipart_boundary(*request.header("Content-Type")));
    RouteResponse answer;
    {
      OpenScope scope(data, session_.get());
      answer = match.route->handler(services_, route_request);
    }
    if (answer.raw)
      return {200, {{"Content-Type", answer.raw->content_type}}, std::move(answer.raw->data), nullptr};
    if (!answer.stream) return json_response(200, answer.body);
    return {200,
            {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"}},
            {},
            std::make_unique<EventBody>(std::move(answer.stream), std::move(data), session_)};
  } catch (...) {
    return error_of(http_error_of(std::current_exception()));
  }
}

}  // namespace llama_stack::server
