#pragma once
// The stack's RequestScope: provider data of the request the calling thread
// serves. The library client and the server open a ProviderDataGuard around
// each call; providers read it through ProviderContext::request.
#include <llama_stack/provider.hpp>

#include <boost/json/object.hpp>

namespace llama_stack {

class ThreadRequestScope final : public RequestScope {
 public:
  boost::json::object provider_data() const override;
};

// Makes `data` the current thread's provider data until destroyed; nests.
class ProviderDataGuard {
 public:
  explicit ProviderDataGuard(const boost::json::object& data);
  ~ProviderDataGuard();
  ProviderDataGuard(const ProviderDataGuard&) = delete;
  ProviderDataGuard& operator=(const ProviderDataGuard&) = delete;

 private:
  const boost::json::object* previous_;
};

}  // namespace llama_stack
