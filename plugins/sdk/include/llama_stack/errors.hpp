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
  ProviderConfigError(std::string provider_id, std::string key, std::string problem)
      : ProviderConfigError({}, std::move(provider_id), std::move(key), std::move(problem)) {}
  const std::string& provider_id() const noexcept { return provider_id_; }
  const std::string& key() const noexcept { return key_; }
  const std::string& problem() const noexcept { return problem_; }
  // Where the config came from ("run.yaml", "run.yaml [plugin x.so]"); "" if unknown.
  const std::string& where() const noexcept { return where_; }
  // The same error, located: the stack adds the file it read the config from.
  ProviderConfigError located(std::string where) const {
    return ProviderConfigError(std::move(where), provider_id_, key_, problem_);
  }

 private:
  ProviderConfigError(std::string where, std::string provider_id, std::string key,
                      std::string problem)
      : ConfigError((where.empty() ? std::string() : where + ": ") + "provider '" + provider_id +
                    "': config key '" + key + "': " + problem),
        where_(std::move(where)),
        provider_id_(std::move(provider_id)),
        key_(std::move(key)),
        problem_(std::move(problem)) {}
  std::string where_;
  std::string provider_id_;
  std::string key_;
  std::string problem_;
};

// A plugin shared object that cannot be loaded or instantiated. The loader
// and the stack fill file, stage ("load", "abi check", "factory", ...) and
// cause; a plugin may throw one with a message only.
class PluginError : public StackError {
 public:
  explicit PluginError(const std::string& message) : StackError(message), cause_(message) {}
  PluginError(std::string file, std::string stage, std::string cause)
      : StackError(file + ": " + stage + ": " + cause),
        file_(std::move(file)),
        stage_(std::move(stage)),
        cause_(std::move(cause)) {}
  const std::string& file() const noexcept { return file_; }
  const std::string& stage() const noexcept { return stage_; }
  const std::string& cause() const noexcept { return cause_; }

 private:
  std::string file_;
  std::string stage_;
  std::string cause_;
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

// The caller sent more than a limit allows (an upload over the configured
// maximum file size); the server answers 413.
class PayloadTooLargeError : public StackError {
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
