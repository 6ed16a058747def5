#pragma once
// A provider's upstream for integration tests: CaptureUpstream (the loopback
// test double answering only from real captured exchanges) behind an
// HttpClient that sends each request there instead of to its URL.
//
// The redirect keeps the path recordings know a call by (request.endpoint
// and the query), so a provider keeps its real base URL (api.together.xyz,
// <host>/serving-endpoints, ...) and the test can check that URL too.
#include "stack/client/library_client.hpp"
#include "testsuite/upstream/capture_upstream.hpp"

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace llama_stack::testing {

class LoopbackRedirect final : public HttpClient {
 public:
  explicit LoopbackRedirect(std::string loopback_url);

  HttpResponse send(const HttpRequest& request) override;
  StreamResponse open_stream(const HttpRequest& request, StreamFormat format) override;

  // Every request as the provider built it (URL, headers), in order.
  std::vector<HttpRequest> requests() const;

 private:
  HttpRequest redirected(const HttpRequest& request);

  std::string loopback_url_;
  std::unique_ptr<HttpClient> network_;
  mutable std::mutex mutex_;
  std::vector<HttpRequest> requests_;
};

// CaptureUpstream serving the captures recorded against `hosts`, plus the
// redirecting HttpClient to hand the stack.
struct UpstreamDouble {
  explicit UpstreamDouble(std::vector<std::string> hosts);

  LlamaStackClient client(std::string_view stack_pointer, Environment env);

  std::unique_ptr<CaptureUpstream> upstream;
  std::shared_ptr<LoopbackRedirect> http;
};

}  // namespace llama_stack::testing
