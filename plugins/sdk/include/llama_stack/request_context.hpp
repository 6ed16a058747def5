#pragma once
// What one request carries to every provider serving it. It is handed down
// explicitly, as the first parameter of every request-serving call, rather
// than kept per thread: a provider, a dependent provider's call to another
// API's router (which passes on the context it received) and a stream (which
// keeps what it needs when it is created) all see the data of the request
// they serve, whatever thread runs them and whichever request that thread
// served before.
#include <boost/json/object.hpp>

#include <utility>

namespace llama_stack {

class RequestContext {
 public:
  // A request with no provider data: what the stack's own calls at start or
  // registration (listing models, registering a shield) use.
  RequestContext() = default;
  explicit RequestContext(boost::json::object provider_data)
      : provider_data_(std::move(provider_data)) {}

  // The caller's provider data (the Python stack's: X-LlamaStack-Provider-Data
  // in server mode, the client's provider_data in library mode), e.g.
  // {"openai_api_key": "..."}; empty when the request carries none.
  const boost::json::object& provider_data() const noexcept { return provider_data_; }

 private:
  boost::json::object provider_data_;
};

}  // namespace llama_stack
