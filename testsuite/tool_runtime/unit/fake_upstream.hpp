#pragma once
// An HttpClient that answers one scripted response and keeps the requests it
// was sent: what the web search providers' unit tests run against. The
// answers scripted in the tests are synthetic, shaped after the Tavily and
// Brave API documentation (no web search exchange was ever captured); they
// test parsing, not what a search engine says.
#include <llama_stack/plugin.hpp>

#include <boost/json/serialize.hpp>

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace llama_stack::testing {

class FakeUpstream final : public HttpClient {
 public:
  explicit FakeUpstream(int status = 200, std::string body = "{}")
      : status_(status), body_(std::move(body)) {}
  HttpResponse send(const HttpRequest& request) override {
    requests.push_back(request);
    return {status_, {{"Content-Type", "application/json"}}, body_};
  }
  StreamResponse open_stream(const HttpRequest&, StreamFormat) override {
    throw std::logic_error("web search never streams");
  }
  std::vector<HttpRequest> requests;

 private:
  int status_;
  std::string body_;
};

inline const std::string* header(const HttpRequest& r, std::string_view name) {
  for (const auto& [k, v] : r.headers)
    if (k == name) return &v;
  return nullptr;
}

}  // namespace llama_stack::testing
