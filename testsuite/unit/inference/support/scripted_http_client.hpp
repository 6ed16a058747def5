#pragma once
// ScriptedHttpClient: an in-process HttpClient test double. It records every
// request a provider makes and answers each with the next scripted answer,
// which tests take from capture files (recorded responses, never invented
// model output). An unscripted request is answered 404.
#include <llama_stack/http_client.hpp>

#include <boost/json/value.hpp>

#include <deque>
#include <string>
#include <vector>

namespace llama_stack::testing {

class ScriptedHttpClient final : public HttpClient {
 public:
  // The next request is answered 200 with `body`: as JSON text, or, for a
  // streamed request, each element of the list `body` as one event.
  void answer_next(boost::json::value body);
  // The next request is answered with this status and raw body.
  void fail_next(int status, std::string body);

  const std::vector<HttpRequest>& requests() const noexcept { return requests_; }
  const HttpRequest& last_request() const;
  std::size_t pending_answers() const noexcept { return answers_.size(); }

  HttpResponse send(const HttpRequest& request) override;
  StreamResponse open_stream(const HttpRequest& request, StreamFormat format) override;

 private:
  struct Answer {
    int status = 200;
    boost::json::value body;
    std::string raw;  // the body of a failure
  };
  Answer take(const HttpRequest& request);

  std::deque<Answer> answers_;
  std::vector<HttpRequest> requests_;
};

// The header's value in `request`, or "" (names compare case-insensitively).
std::string header_value(const HttpRequest& request, std::string_view name);

}  // namespace llama_stack::testing
