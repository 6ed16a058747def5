#pragma once
// A built-in provider's ProviderConfig made the way the stack makes it:
// checked against the keys its built plugin declares, defaults filled in
// (the distribution directory: ~/.llama/distributions/test).
// Unit tests that construct a provider's behaviour class directly use it, so
// a default the test relies on is the one users get.
#include <llama_stack/provider_config.hpp>

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace llama_stack::testing {

// Loads the build tree's plugins once per test process (they stay loaded:
// the config's schema points into the plugin). Throws naming the provider
// type and the load failures when no plugin serves it.
ProviderConfig builtin_provider_config(std::string_view api, std::string_view provider_type,
                                       std::string provider_id, boost::json::object values);

}  // namespace llama_stack::testing
