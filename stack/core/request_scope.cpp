#include "stack/core/request_scope.hpp"

namespace llama_stack {

namespace {
// Per thread because a request is served start to end on one thread, in the
// library client and in the server alike.
thread_local const boost::json::object* current_provider_data = nullptr;
}  // namespace

boost::json::object ThreadRequestScope::provider_data() const {
  return current_provider_data != nullptr ? *current_provider_data : boost::json::object{};
}

ProviderDataGuard::ProviderDataGuard(const boost::json::object& data)
    : previous_(current_provider_data) {
  current_provider_data = &data;
}

ProviderDataGuard::~ProviderDataGuard() { current_provider_data = previous_; }

}  // namespace llama_stack
