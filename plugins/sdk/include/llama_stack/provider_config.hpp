#pragma once
// Typed, validated access to a provider's config block. Every error names the
// provider_id and the key, so a user can find the line in run.yaml.
#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llama_stack {

class ProviderConfig {
 public:
  ProviderConfig(std::string provider_id, boost::json::object values)
      : provider_id_(std::move(provider_id)), values_(std::move(values)) {}

  const std::string& provider_id() const noexcept { return provider_id_; }
  const boost::json::object& values() const noexcept { return values_; }

  // A present, non-empty string. Scalars such as numbers are accepted as text.
  std::optional<std::string> optional_string(std::string_view key) const {
    const boost::json::value* v = values_.if_contains(key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_string()) {
      if (v->as_string().empty()) return std::nullopt;
      return std::string(v->as_string());
    }
    if (v->is_int64() || v->is_uint64() || v->is_double() || v->is_bool())
      return boost::json::serialize(*v);
    fail(key, "expected a string, got " + describe(*v));
  }

  std::string require_string(std::string_view key) const {
    if (auto s = optional_string(key)) return *s;
    fail(key, "is required but missing or empty");
  }

  std::string string_or(std::string_view key, std::string fallback) const {
    if (auto s = optional_string(key)) return *s;
    return fallback;
  }

  bool boolean_or(std::string_view key, bool fallback) const {
    const boost::json::value* v = values_.if_contains(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (v->is_bool()) return v->as_bool();
    if (v->is_string()) {
      std::string s(v->as_string());
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (s.empty()) return fallback;
      if (s == "true" || s == "1" || s == "yes") return true;
      if (s == "false" || s == "0" || s == "no") return false;
    }
    fail(key, "expected a boolean (true/false), got " + describe(*v));
  }

  std::int64_t integer_or(std::string_view key, std::int64_t fallback) const {
    const boost::json::value* v = values_.if_contains(key);
    if (v == nullptr || v->is_null()) return fallback;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_string()) {
      const std::string s(v->as_string());
      if (s.empty()) return fallback;
      try {
        std::size_t used = 0;
        const long long n = std::stoll(s, &used);
        if (used == s.size()) return n;
      } catch (const std::exception&) {
      }
    }
    fail(key, "expected an integer, got " + describe(*v));
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const {
    throw ProviderConfigError(provider_id_, std::string(key), problem);
  }

 private:
  static std::string describe(const boost::json::value& v) {
    return boost::json::serialize(v);
  }

  std::string provider_id_;
  boost::json::object values_;
};

}  // namespace llama_stack
