#pragma once
// Error types shared by the stack and its providers. Each carries the context
// a user needs to fix the problem (file, key, provider, URL, status).
#include <stdexcept>
#include <string>

namespace llama_stack {

class StackError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A run.yaml, distribution or stack pointer that cannot be used.
class ConfigError : public StackError {
 public:
  using StackError::StackError;
};

// A provider rejected its config; names the provider_id and the key.
class ProviderConfigError : public ConfigError {
 public:
  ProviderConfigError(std::string provider_id, std::string key, const std::string& problem)
      : ConfigError("provider '" + provider_id + "': config key '" + key + "': " + problem),
        provider_id_(std::move(provider_id)),
        key_(std::move(key)) {}
  const std::string& provider_id() const noexcept { return provider_id_; }
  const std::string& key() const noexcept { return key_; }

 private:
  std::string provider_id_;
  std::string key_;
};

// A plugin shared object that cannot be loaded or instantiated.
class PluginError : public StackError {
 public:
  using StackError::StackError;
};

// The caller asked for something that does not exist (model, provider, route).
class NotFoundError : public StackError {
 public:
  using StackError::StackError;
};

// The caller passed invalid parameters.
class InvalidRequestError : public StackError {
 public:
  using StackError::StackError;
};

// The provider does not implement the requested operation.
class UnsupportedError : public StackError {
 public:
  using StackError::StackError;
};

// Could not reach an upstream at all (refused, DNS, TLS handshake, timeout).
class ConnectionError : public StackError {
 public:
  ConnectionError(std::string url, const std::string& what)
      : StackError(what), url_(std::move(url)) {}
  const std::string& url() const noexcept { return url_; }

 private:
  std::string url_;
};

// The upstream answered with an HTTP error status.
class UpstreamError : public StackError {
 public:
  UpstreamError(std::string provider_id, int status, std::string upstream_message)
      : StackError("provider '" + provider_id + "': upstream returned HTTP " +
                   std::to_string(status) + ": " + upstream_message),
        provider_id_(std::move(provider_id)),
        status_(status),
        upstream_message_(std::move(upstream_message)) {}
  const std::string& provider_id() const noexcept { return provider_id_; }
  int status() const noexcept { return status_; }
  const std::string& upstream_message() const noexcept { return upstream_message_; }

 private:
  std::string provider_id_;
  int status_;
  std::string upstream_message_;
};

}  // namespace llama_stack
