#pragma once
// Typed, validated access to a provider's config block, by the keys the
// provider declared in its descriptor. The stack has checked the block
// against the declaration and filled in every declared default (an absent
// key, or an empty string as an unset ${env.X:=} leaves it, reads as its
// default): the declaration is the only place a default lives, so behaviour
// code asks for a key and never says what it falls back to. Every error
// names the provider_id and the key, so a user can find the line in run.yaml.
#include <llama_stack/config_schema.hpp>
#include <llama_stack/config_value.hpp>
#include <llama_stack/errors.hpp>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace llama_stack {

class ProviderConfig {
 public:
  // `keys`: the provider's declared keys (its descriptor's `config`).
  ProviderConfig(std::string provider_id, boost::json::object values, ConfigSchema keys)
      : provider_id_(std::move(provider_id)), values_(std::move(values)), keys_(keys) {}

  const std::string& provider_id() const noexcept { return provider_id_; }
  const boost::json::object& values() const noexcept { return values_; }
  const ConfigSchema& keys() const noexcept { return keys_; }

  bool declares(std::string_view key) const noexcept { return find(key) != nullptr; }

  // Whether the block gives the key a value of its own (not its default).
  bool has(std::string_view key) const { return given(key) != nullptr; }

  // The variable the key is read from in the sample config, "" when none:
  // what an error tells the user to set.
  std::string env_var(std::string_view key) const {
    const char* v = declared(key).env_var;
    return v != nullptr ? v : "";
  }

  // The value as text (numbers and booleans too); nullopt when absent or empty.
  std::optional<std::string> optional_string(std::string_view key) const {
    const boost::json::value* v = given(key);
    if (v == nullptr) return std::nullopt;
    if (v->is_string()) return std::string(v->as_string());
    if (v->is_int64() || v->is_uint64() || v->is_double() || v->is_bool())
      return boost::json::serialize(*v);
    fail(key, "expected a string, got " + boost::json::serialize(*v));
  }

  std::string string(std::string_view key) const { return optional_string(key).value_or(""); }

  std::string require_string(std::string_view key) const {
    if (auto s = optional_string(key)) return *s;
    missing(key);
  }

  bool boolean(std::string_view key) const {
    const boost::json::value& v = required(key);
    if (v.is_bool()) return v.as_bool();
    if (v.is_string())
      if (auto b = config_value::parse_boolean(v.as_string())) return *b;
    fail(key, "expected a boolean (true/false), got " + boost::json::serialize(v));
  }

  std::int64_t integer(std::string_view key) const {
    const boost::json::value& v = required(key);
    if (v.is_int64()) return v.as_int64();
    if (v.is_string())
      if (auto n = config_value::parse_integer(v.as_string())) return *n;
    fail(key, "expected an integer, got " + boost::json::serialize(v));
  }

  std::chrono::seconds duration(std::string_view key) const {
    const std::int64_t seconds = integer(key);
    if (auto d = config_value::to_duration(seconds)) return *d;
    fail(key, config_value::duration_expected() + ", got " + std::to_string(seconds));
  }

  // The list given, else empty.
  std::vector<std::string> string_list(std::string_view key) const {
    std::vector<std::string> out;
    const boost::json::value* v = given(key);
    if (v == nullptr) return out;
    if (!v->is_array()) fail(key, "expected a list of strings");
    for (const auto& item : v->as_array()) {
      if (!item.is_string()) fail(key, "expected a list of strings");
      out.emplace_back(item.as_string());
    }
    return out;
  }

  // The nested mapping given, else null.
  const boost::json::object* mapping(std::string_view key) const {
    const boost::json::value* v = given(key);
    if (v == nullptr) return nullptr;
    if (!v->is_object()) fail(key, "expected a mapping");
    return &v->as_object();
  }

  // The declaration of `key`. Reading a key the provider did not declare is
  // a bug in the provider, reported as one.
  const ConfigKey& declared(std::string_view key) const {
    if (const ConfigKey* k = find(key)) return *k;
    fail(key, "is read by the provider but not among its declared config keys (a provider bug)");
  }

  [[noreturn]] void fail(std::string_view key, const std::string& problem) const {
    throw ProviderConfigError(provider_id_, std::string(key), problem);
  }

 private:
  const ConfigKey* find(std::string_view key) const noexcept {
    for (const ConfigKey& k : keys_)
      if (k.name != nullptr && key == k.name) return &k;
    return nullptr;
  }

  // The block's own value: not absent, null or an empty string.
  const boost::json::value* given(std::string_view key) const {
    (void)declared(key);
    const boost::json::value* v = values_.if_contains(key);
    if (v == nullptr || v->is_null() || (v->is_string() && v->as_string().empty())) return nullptr;
    return v;
  }

  const boost::json::value& required(std::string_view key) const {
    if (const boost::json::value* v = given(key)) return *v;
    missing(key);
  }

  [[noreturn]] void missing(std::string_view key) const {
    const std::string variable = env_var(key);
    fail(key, "is required but missing or empty" +
                  (variable.empty() ? std::string() : " (set " + variable + ")"));
  }

  std::string provider_id_;
  boost::json::object values_;
  ConfigSchema keys_;
};

}  // namespace llama_stack
