#include "testsuite/inference/support/loopback_double.hpp"

#include "stack/http/network_http_client.hpp"
#include "testsuite/support/capture_file.hpp"
#include "testsuite/unit/inference/support/call_replay.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace llama_stack::testing {

namespace json = boost::json;
namespace fs = std::filesystem;

LoopbackRedirect::LoopbackRedirect(std::string loopback_url)
    : loopback_url_(std::move(loopback_url)), network_(make_network_http_client()) {}

HttpRequest LoopbackRedirect::redirected(const HttpRequest& request) {
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
  }
  HttpRequest out = request;
  const auto query = request.url.find('?');
  out.url = loopback_url_ + request.endpoint +
            (query == std::string::npos || request.endpoint.find('?') != std::string::npos
                 ? std::string()
                 : request.url.substr(query));
  out.tls_verify = false;
  return out;
}

HttpResponse LoopbackRedirect::send(const HttpRequest& request) {
  return network_->send(redirected(request));
}

StreamResponse LoopbackRedirect::open_stream(const HttpRequest& request, StreamFormat format) {
  return network_->open_stream(redirected(request), format);
}

std::vector<HttpRequest> LoopbackRedirect::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

UpstreamDouble::UpstreamDouble(std::vector<std::string> hosts) {
  const fs::path captures = fixture_dir() / "captures";
  upstream = std::make_unique<CaptureUpstream>(std::vector<fs::path>{captures});
  upstream->only_hosts(std::move(hosts));
  upstream->start();
  http = std::make_shared<LoopbackRedirect>(upstream->url());
}

LlamaStackClient UpstreamDouble::client(std::string_view stack_pointer, Environment env) {
  return client_over(stack_pointer, std::move(env), http);
}

}  // namespace llama_stack::testing
