#include "testsuite/unit/inference/support/scripted_http_client.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cctype>
#include <optional>
#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;

namespace {

class ListEvents final : public EventStream {
 public:
  explicit ListEvents(std::vector<std::string> events) : events_(std::move(events)) {}
  std::optional<std::string> next() override {
    if (next_ == events_.size()) return std::nullopt;
    return events_[next_++];
  }

 private:
  std::vector<std::string> events_;
  std::size_t next_ = 0;
};

}  // namespace

void ScriptedHttpClient::answer_next(json::value body) {
  answers_.push_back({200, std::move(body), {}});
}

void ScriptedHttpClient::fail_next(int status, std::string body) {
  answers_.push_back({status, nullptr, std::move(body)});
}

const HttpRequest& ScriptedHttpClient::last_request() const {
  if (requests_.empty()) throw std::logic_error("scripted-http-client: no request was made");
  return requests_.back();
}

ScriptedHttpClient::Answer ScriptedHttpClient::take(const HttpRequest& request) {
  requests_.push_back(request);
  if (answers_.empty())
    return {404, nullptr,
            json::serialize(
                json::object{{"error",
                              {{"message", "scripted-http-client: no answer scripted for " +
                                               request.method + " " + request.endpoint}}}})};
  Answer a = std::move(answers_.front());
  answers_.pop_front();
  return a;
}

HttpResponse ScriptedHttpClient::send(const HttpRequest& request) {
  Answer a = take(request);
  return {a.status,
          {{"content-type", "application/json"}},
          a.status == 200 ? json::serialize(a.body) : a.raw};
}

StreamResponse ScriptedHttpClient::open_stream(const HttpRequest& request, StreamFormat) {
  Answer a = take(request);
  StreamResponse out;
  out.status = a.status;
  if (a.status != 200) {
    out.error_body = a.raw;
    return out;
  }
  if (!a.body.is_array())
    throw std::logic_error("scripted-http-client: a streamed answer must be a list of events");
  std::vector<std::string> events;
  for (const auto& event : a.body.as_array()) events.push_back(json::serialize(event));
  out.events = std::make_unique<ListEvents>(std::move(events));
  return out;
}

std::string header_value(const HttpRequest& request, std::string_view name) {
  auto lower = [](std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
  };
  const std::string wanted = lower(std::string(name));
  for (const auto& [key, value] : request.headers)
    if (lower(key) == wanted) return value;
  return {};
}

}  // namespace llama_stack::testing
